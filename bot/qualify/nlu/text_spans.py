"""Sentences and nearby text, for reading an amount in its context."""

from __future__ import annotations

import re

# A sentence ends at ; ! ? or a line break, or at a full stop before a capital letter,
# unless the stop ends an abbreviation ("1,4 Mrd. Umsatz", "ca. 15").
_BOUNDARY = re.compile(r"[;!?\n]|\.(?=\s+[A-ZÄÖÜ])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:ca|mio|mrd|tsd|fr|sfr|bzw|nr|dr|max|min|inkl|zzgl|evtl|ggf|usw|etc|approx|vs|mtl"
    r"|mill|tds|st|z\.b|p\.a|p\.m)|\d)$",
    re.IGNORECASE,
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence."""
    bounds, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if match.group() == "." and _ABBREVIATION.search(
            text[max(0, match.start() - 6) : match.start()]
        ):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def sentence_of(bounds: list[tuple[int, int]], position: int) -> tuple[int, int]:
    """The sentence that holds `position`."""
    for start, end in bounds:
        if start <= position < end:
            return start, end
    return bounds[-1]


_CLAUSE_EDGE = re.compile(r"[,;:!?()\n]|\s[–—-]\s|\.(?=\s)")


def clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas, dashes or sentence ends) that holds a span."""
    left = max((m.end() for m in _CLAUSE_EDGE.finditer(text, 0, start)), default=0)
    right_match = _CLAUSE_EDGE.search(text, end)
    right = right_match.start() if right_match else len(text)
    return left, right


def lower_keeping_offsets(text: str) -> str:
    """Lowercase text; characters whose lowercase is longer stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
