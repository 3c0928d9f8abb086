"""Which of several numbers in a message the writer stands by, and what it is about.

A message may name a number and take it back ("nicht 20, sondern 200", "I said 200
before, it's actually 320"), or name a limit next to the budget ("up to 25k I can sign
off, our budget is 20k"). These helpers read the clause around a number for that.
"""

from __future__ import annotations

import re

from bot.qualify.nlu.lexicon import Lexicon

# A clause ends at punctuation or at a conjunction that joins two statements.
_CLAUSE_EDGE = re.compile(
    r"[,;:!?()\n]|\s[–—-]\s|\.(?=\s)|\b(?:and|und|but|aber|sondern|while|whereas|während)\b"
)
_BEFORE = 14  # characters before a number that may take it back ("not", "statt")


def clause_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause that holds a span, split at punctuation and joining conjunctions."""
    left = max((m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_EDGE.search(text, end)
    return left, right_match.start() if right_match else len(text)


def retracted(lexicon: Lexicon, text: str, start: int, end: int) -> bool:
    """Whether the writer takes a number back: negated, replaced, or said earlier."""
    if lexicon.has("retracted_before", text[max(0, start - _BEFORE) : start]):
        return True
    first, last = clause_of(text, start, end)
    return lexicon.has("retracted_clause", text[first:last])


def in_clause(lexicon: Lexicon, name: str, text: str, start: int, end: int) -> bool:
    """Whether the pattern list `name` matches in the clause around a span."""
    first, last = clause_of(text, start, end)
    return lexicon.has(name, text[first:last])
