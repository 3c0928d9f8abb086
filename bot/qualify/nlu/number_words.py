"""Number words to digits ("zwanzigtausend", "twenty-five", "anderthalb"), keeping offsets.

Blank spaCy pipelines know no German number words, so this is our own: German compounds
are split into morphemes, English words are read as a sequence of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc


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


class GermanNumbers:
    """Reads German number words, compounds included."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.units = {str(k): int(v) for k, v in table["units"].items() if k is not None}
        self.tens = {str(k): int(v) for k, v in table["tens"].items()}
        self.hundred = table["hundred"]
        self.thousand = table["thousand"]
        self.joiner = table["joiner"]
        self.fractions = {str(k): float(v) for k, v in table["fractions"].items()}
        self.dozen = set(table["dozen"])
        self.standalone = set(table["standalone_ok"])
        morphemes = [*self.units, *self.tens, self.hundred, self.thousand, self.joiner, "zehn"]
        self._morpheme = re.compile("|".join(sorted(set(morphemes), key=len, reverse=True)))

    def parse_word(self, word: str) -> float | None:
        """The value of one German number word, or None."""
        if word in self.fractions:
            return self.fractions[word]
        position, parts = 0, []
        while position < len(word):
            match = self._morpheme.match(word, position)
            if match is None:
                return None
            parts.append(match.group())
            position = match.end()
        if not parts or parts[0] == self.joiner or parts[-1] == self.joiner:
            return None
        if len(parts) == 1 and parts[0] not in self.standalone:
            return None
        total, current = 0, 0
        for part in parts:
            if part == self.joiner:
                continue
            if part == self.hundred:
                current = (current or 1) * 100
            elif part == self.thousand:
                total += (current or 1) * 1000
                current = 0
            elif part == "zehn":
                current += 10
            else:
                current += self.units.get(part, self.tens.get(part, 0))
        return float(total + current)


class EnglishNumbers:
    """Reads English number words across tokens ("twenty-five thousand", "a couple hundred")."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.units = {str(k): int(v) for k, v in table["units"].items()}
        self.tens = {str(k): int(v) for k, v in table["tens"].items()}
        self.standalone = set(table["standalone_ok"])
        self.fractions = {str(k): float(v) for k, v in table["fractions"].items()}

    def is_word(self, word: str) -> bool:
        return word in self.units or word in self.tens or word in _ENGLISH_SCALES


_ENGLISH_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
}
_GATES: dict[int, re.Pattern[str]] = {}


def _could_hold_number_words(text: str, lang: str, table: dict[str, Any]) -> bool:
    """A quick look for any number-word stem, so most messages skip the token walk."""
    gate = _GATES.get(id(table))
    if gate is None:
        # "ein"/"a"/"one" count only before a scale word, which is a stem of its own.
        units = {str(k) for k in table["units"] if k is not None}
        stems = units - {"ein", "eine", "einen", "eins", "one"}
        stems |= {str(k) for k in table["tens"]} | {str(k) for k in table["fractions"]}
        stems |= {table["hundred"], table["thousand"], *table["dozen"], "couple", "million"}
        stems |= {"zehn", "mio", "milliard"}
        gate = re.compile("|".join(sorted((re.escape(s) for s in stems), key=len, reverse=True)))
        _GATES[id(table)] = gate
    return gate.search(text.lower()) is not None


_ONE = ("ein", "eine", "einen", "einer")
_SCALES = ("million", "millionen", "mio", "milliarde", "milliarden", "mrd", "tausend")

_GERMAN_CACHE: dict[int, GermanNumbers] = {}
_ENGLISH_CACHE: dict[int, EnglishNumbers] = {}


def reader_for(lang: str, table: dict[str, Any]) -> GermanNumbers | EnglishNumbers:
    """One reader per table, reused across messages."""
    cache: dict[int, Any] = _GERMAN_CACHE if lang == "de" else _ENGLISH_CACHE
    key = id(table)
    if key not in cache:
        cache[key] = GermanNumbers(table) if lang == "de" else EnglishNumbers(table)
    return cache[key]  # type: ignore[no-any-return]


def spans_in(doc: Doc, reader: GermanNumbers | EnglishNumbers) -> list[tuple[int, int, float]]:
    """Number-word spans of a doc for the given reader."""
    if isinstance(reader, GermanNumbers):
        return _german(doc, reader)
    return _english(doc, reader)


_MILLION_SUFFIXES = ("millionen", "million")


def _millions(word: str, reader: GermanNumbers) -> float | None:
    """ "Viertelmillion", "Dreimillionen": a number word glued to "Million"."""
    for suffix in _MILLION_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            value = reader.fractions.get(head) or reader.parse_word(head)
            return value * 1_000_000 if value else None
    return None


def _german(doc: Doc, reader: GermanNumbers) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    tokens = list(doc)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        word = token.lower_
        start, end = token.idx, token.idx + len(token.text)
        if word.endswith("-") and len(word) > 1:
            # "elf- und vierzehntausend": the first number borrows the scale of the second.
            stem = word[:-1]
            for later in tokens[index + 1 : index + 3]:
                for scale in (reader.thousand, reader.hundred):
                    if later.lower_.endswith(scale) and reader.parse_word(stem + scale):
                        value = reader.parse_word(stem + scale)
                        if value is not None:
                            found.append((start, end, value))
                        break
            index += 1
            continue
        value = reader.parse_word(word)
        following = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
        if value is None and word in _ONE and following.rstrip(".") in _SCALES:
            value = 1.0  # "eine Million", "ein Tausend"
        if value is None:
            value = _millions(word, reader)
        if value is not None:
            if (
                (word in reader.fractions or word.endswith(_MILLION_SUFFIXES))
                and index > 0
                and tokens[index - 1].lower_ in ("eine", "einer", "einem", "einen", "ein")
            ):
                start = tokens[index - 1].idx
            if index + 1 < len(tokens) and tokens[index + 1].lower_ in reader.dozen:
                value *= 12
                end = tokens[index + 1].idx + len(tokens[index + 1].text)
                index += 1
            found.append((start, end, value))
        elif word in reader.dozen:
            found.append((start, end, 12.0))
        index += 1
    return found


def _english(doc: Doc, reader: EnglishNumbers) -> list[tuple[int, int, float]]:
    found: list[tuple[int, int, float]] = []
    tokens = list(doc)
    index = 0
    while index < len(tokens):
        word = tokens[index].lower_
        if word in reader.fractions:
            end_index = index
            if index + 1 < len(tokens) and tokens[index + 1].lower_ in ("a", "an"):
                end_index = index + 1
            last = tokens[end_index]
            found.append((tokens[index].idx, last.idx + len(last.text), reader.fractions[word]))
            index = end_index + 1
            continue
        group: list[int] = []
        cursor = index
        if (
            word in ("a", "an", "one")
            and cursor + 1 < len(tokens)
            and tokens[cursor + 1].lower_
            in ("couple", "dozen", "hundred", "thousand", "million", "billion")
        ):
            group.append(cursor)
            cursor += 1
        while cursor < len(tokens):
            current = tokens[cursor].lower_
            following = tokens[cursor + 1].lower_ if cursor + 1 < len(tokens) else ""
            if (
                reader.is_word(current)
                or (current == "couple" and following in ("hundred", "thousand", "of"))
                or (current in ("-", "and") and group and reader.is_word(following))
                or (current == "of" and group and tokens[group[-1]].lower_ == "couple")
            ):
                group.append(cursor)
            else:
                break
            cursor += 1
        value = _english_value([tokens[i].lower_ for i in group], reader)
        if value is not None:
            first, last = tokens[group[0]], tokens[group[-1]]
            found.append((first.idx, last.idx + len(last.text), value))
            index = cursor
        else:
            index += 1
    return found


def _english_value(words: list[str], reader: EnglishNumbers) -> float | None:
    meaningful = [w for w in words if w not in ("-", "and", "a", "an", "of")]
    if not meaningful:
        return None
    if len(meaningful) == 1:
        only = meaningful[0]
        if only in reader.standalone:
            return float(reader.units.get(only, reader.tens.get(only, 0)))
        if only == "dozen" and words[0] in ("a", "an"):
            return 12.0
        return None
    total, current = 0.0, 0.0
    for word in meaningful:
        if word == "couple":
            current += 2
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million", "billion"):
            total += (current or 1) * _ENGLISH_SCALES[word]
            current = 0
        elif word == "dozen":
            current = (current or 1) * 12
        else:
            current += reader.units.get(word, reader.tens.get(word, 0))
    return total + current


def normalize(doc: Doc, lang: str, table: dict[str, Any]) -> Normalized:
    """The doc's text with number words replaced by digits."""
    text = doc.text
    if not _could_hold_number_words(text, lang, table):
        return Normalized(text, text)
    spans = spans_in(doc, reader_for(lang, table))
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
