"""Readers of number words: German compounds split into morphemes, English word by word."""

from __future__ import annotations

import re
from typing import Any


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
        return word in self.units or word in self.tens or word in ENGLISH_SCALES


ENGLISH_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
}


def number_gate(table: dict[str, Any]) -> re.Pattern[str]:
    """Any number-word stem, so most messages skip the token walk.

    "ein"/"a"/"one" count only before a scale word, which is a stem of its own.
    """
    units = {str(k) for k in table["units"] if k is not None}
    stems = units - {"ein", "eine", "einen", "eins", "one"}
    stems |= {str(k) for k in table["tens"]} | {str(k) for k in table["fractions"]}
    stems |= {table["hundred"], table["thousand"], *table["dozen"], "couple", "million"}
    stems |= {"zehn", "mio", "milliard", "grand"}
    return re.compile("|".join(sorted((re.escape(s) for s in stems), key=len, reverse=True)))


def reader_for(lang: str, table: dict[str, Any]) -> GermanNumbers | EnglishNumbers:
    """The reader of a language's number words."""
    return GermanNumbers(table) if lang == "de" else EnglishNumbers(table)
