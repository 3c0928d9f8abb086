"""Number words to digits ("zwanzigtausend", "twenty-five", "anderthalb"), keeping offsets.

Blank spaCy pipelines know no German number words, so this is our own: German compounds
are split into morphemes, English words are read as a sequence of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.qualify.nlu.number_readers import EnglishNumbers, GermanNumbers
from bot.qualify.nlu.number_spans import spans_in


@dataclass(frozen=True)
class Normalized:
    """The text with number words as digits, and the way back to the original offsets."""

    text: str
    original: str
    _starts: tuple[
        tuple[int, int, int, int], ...
    ] = ()  # (norm_start, norm_end, orig_start, orig_end)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the span of the original text."""
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, position: int, *, is_end: bool) -> int:
        shift = 0
        for norm_start, norm_end, orig_start, orig_end in self._starts:
            if position <= norm_start:
                break
            if position < norm_end:
                return orig_end if is_end else orig_start
            if position == norm_end and is_end:
                return orig_end
            shift = orig_end - norm_end
        return position + shift


def _format(value: float, lang: str) -> str:
    if value == int(value):
        return str(int(value))
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "de" else text


def normalize(
    doc: Doc, lang: str, reader: GermanNumbers | EnglishNumbers, gate: re.Pattern[str]
) -> Normalized:
    """The doc's text with number words replaced by digits."""
    text = doc.text
    if gate.search(text.lower()) is None:
        return Normalized(text, text)
    spans = spans_in(doc, reader)
    if not spans:
        return Normalized(text, text)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    cursor = 0
    length = 0
    for start, end, value in sorted(spans):
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        length += start - cursor
        replacement = _format(value, lang)
        segments.append((length, length + len(replacement), start, end))
        pieces.append(replacement)
        length += len(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return Normalized("".join(pieces), text, tuple(segments))
