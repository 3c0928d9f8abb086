"""What a classifier sees of a message: character and word n-grams, the question the bot
had asked, and what the rules found, as strings (looked up in the model's vocabulary)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import pairwise

_WORD = re.compile(r"\w+|[?!€$£%]")
_CLAUSE = re.compile(r"[.;:!?\n]|,\s|\s[-–]\s")
CHAR_SIZES = (2, 3, 4, 5)
OPENING_WORDS = 6  # the opening of a message, read together with the question asked


def words(text: str) -> list[str]:
    """The lowercased words (and a few symbols) of a message."""
    return _WORD.findall(text.lower())


def char_ngrams(word: str) -> Iterator[str]:
    """n-grams of a word padded with spaces, as scikit-learn's "char_wb" makes them."""
    padded = f" {word} "
    for size in CHAR_SIZES:
        for start in range(len(padded) - size + 1):
            yield padded[start : start + size]


def word_features(word: str) -> Iterator[str]:
    """The features one word brings wherever it stands: itself and its character n-grams."""
    yield f"w:{word}"
    yield from char_ngrams(word)


def features(text: str, expect: str | None, hints: Mapping[str, str]) -> set[str]:
    """Every feature string of one message."""
    tokens, found = context_features(text, expect, hints)
    for word in set(tokens):
        found.update(word_features(word))
    return found


def context_features(
    text: str, expect: str | None, hints: Mapping[str, str]
) -> tuple[list[str], set[str]]:
    """The message's words, and the features that depend on more than one word."""
    tokens = words(text)
    found = {f"b:{a} {b}" for a, b in pairwise(tokens)}
    opening = words(_CLAUSE.split(text, maxsplit=1)[0])[:OPENING_WORDS]
    asked = expect or "none"
    found.add(f"e:{asked}")
    found.update(f"o:{asked}:{word}" for word in opening)
    found.add(f"n:{len(tokens) if len(tokens) < 4 else 'many'}")
    found.update(f"r:{name}={value}" for name, value in hints.items())
    return tokens, found


def rule_hints(found: Mapping[str, object]) -> dict[str, str]:
    """What the rule readers found, in words a classifier can weigh (values by field)."""
    hints: dict[str, str] = {}
    for name in ("authority", "role", "intent"):
        if found.get(name) is not None:
            hints[name] = str(found[name])
    budget = found.get("budget")
    if isinstance(budget, dict):
        hints["budget"] = str(budget.get("status"))
    timeframe = found.get("timeframe")
    if isinstance(timeframe, dict):
        bucket = str(timeframe.get("bucket"))
        hints["timeframe"] = bucket if bucket in ("none", "unknown") else "dated"
    if found.get("company_size") is not None:
        hints["company_size"] = "stated"
    return hints
