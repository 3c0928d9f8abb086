"""Authority, role and intent: read from cue phrases in content/nlu/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.qualify.nlu.lexicon import Lexicon

_FOLLOWS_TITLE = re.compile(
    r"^(?:\s*(?:[,.;:!–/-]|$)|\s+(?:hier|here|at|for|and|und|of|bei|im|in|einer|eines|der|des"
    r"|with|mit|from|aus|seit|since|is my job|lead|manager|director|head)\b)"
)
_AND_I = re.compile(r"\s+(?:and|und)\s+(?:i|ich)\b")
_OPENING = re.compile(r"^\W*(?:(?:hallo|hi|hey|hello|servus|moin|guten tag|good morning)\b\W*)?")
_ECHO = re.compile(r"\b(gute frage|good question)\b")
_QUESTION_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\s+[–—-]\s+|,\s+")


# The confidence of a person asked for in so many words ("Can someone call me?"): a
# request, naming the writer or someone, not negated. It stands whatever else the message holds.
ASKED = 0.97
_SENTENCE_EDGE = re.compile(r"[.!?\n]")


def _asked_for(lexicon: Lexicon, text: str, start: int, end: int) -> bool:
    """Whether the sentence around a cue for a person is a request for one."""
    first = max((m.end() for m in _SENTENCE_EDGE.finditer(text, 0, start)), default=0)
    edge = _SENTENCE_EDGE.search(text, end)
    sentence = text[first : edge.end() if edge else len(text)]
    return (
        lexicon.has("request_words", sentence)
        and lexicon.has("person_object", sentence)
        and not lexicon.has("negation", sentence)
    )


@dataclass(frozen=True)
class CueReading:
    value: str
    start: int
    end: int
    confidence: float


def read_authority(lexicon: Lexicon, text: str) -> CueReading | None:
    """Who decides, from the first class (in priority order) whose cues match."""
    for label, pattern in lexicon.authority:
        match = pattern.search(text)
        if match:
            return CueReading(label, *match.span(), 0.85)
    return None


def read_role(lexicon: Lexicon, text: str, cased: str) -> CueReading | None:
    """The writer's own function; titles of bosses and colleagues do not count.

    `text` is lowercased; `cased` is the same text with its capitals, for "IT" vs "it".
    """
    direct = lexicon.role_direct.finditer(text, cased)
    if direct:
        start, end, label = direct[0]
        return CueReading(label, start, end, 0.85)
    opening = _OPENING.match(text)
    opening_end = opening.end() if opening else 0
    titles = lexicon.roles.finditer(text, cased)
    starts = {start for start, _, _ in titles}
    for start, end, label in titles:
        # "Geschäftsführender Gesellschafter": one title followed by another is one title.
        compound = start <= opening_end and (end + 1) in starts
        if compound or _is_own(lexicon, text, start, end, opening_end):
            return CueReading(label, start, end, 0.85)
    return None


@lru_cache(maxsize=8)
def _at_end(cues: re.Pattern[str]) -> re.Pattern[str]:
    """The cues, matched only where they end the text: "ich bin für den" before a title."""
    return re.compile(f"(?:{cues.pattern})$", cues.flags)


def _is_own(lexicon: Lexicon, text: str, start: int, end: int, opening_end: int) -> bool:
    before = text[max(0, start - 30) : start]
    after = text[end : end + 16]
    self_before = _at_end(lexicon.lists["role_self_before"])
    # One modifier may stand between: "I'm a senior developer", "ich bin stellv. Leiterin".
    trimmed = re.sub(r"[\w.-]+\s+$", "", before)
    if self_before.search(before) or self_before.search(trimmed):
        return True
    if _AND_I.match(after):
        return False  # "HR and I will decide": a colleague's department
    if lexicon.lists["role_other_before"].search(before):
        return False
    if start <= opening_end:
        return bool(_FOLLOWS_TITLE.match(after))
    return bool(lexicon.lists["role_self_after"].search(after))


def read_intent(lexicon: Lexicon, text: str) -> CueReading | None:
    """Stop, a person, no interest, or a question to the bot."""
    for label in ("stop", "human", "not_interested"):
        match = lexicon.intent[label].search(text)
        if match:
            asked = label == "human" and _asked_for(lexicon, text, *match.span())
            return CueReading(label, *match.span(), ASKED if asked else 0.9)
    if "?" not in text or _ECHO.search(text):
        return None  # "Wer das entscheidet? Gute Frage": the bot's question echoed, not one asked
    position = 0
    for part in _QUESTION_SPLIT.split(text):
        start = text.find(part, position)
        position = start + len(part)
        stripped = part.strip()
        if not stripped.endswith("?"):
            continue
        first = re.match(r"[\w'’]+", stripped)
        if first and first.group().lower().replace("’", "'") in lexicon.question_starts:
            return CueReading("question", start, start + len(part), 0.85)
    return None
