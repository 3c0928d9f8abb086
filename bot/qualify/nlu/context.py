"""What the words around an amount say it is: people, things, time, or money."""

from __future__ import annotations

import re

from bot.qualify.nlu.amounts import Amount
from bot.qualify.nlu.lexicon import Lexicon, words

_FILLERS = {
    "pro",
    "per",
    "je",
    "für",
    "for",
    "each",
    "a",
    "an",
    "im",
    "in",
    "und",
    "and",
    "mit",
    "with",
    "von",
    "of",
    "the",
    "die",
    "der",
    "das",
    "bei",
    "at",
    "to",
    "zu",
    "euro",
    "eur",
}


class AmountContext:
    """Classifies an amount by the nouns after it and the words before it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        people = lexicon.lists["people_nouns"].pattern
        count = lexicon.lists["count_nouns"].pattern
        months = words(lexicon.months)
        lead = r"(?:er)?\.?\s?-?\s?(?:(?P<filler>[a-zäöüß]+)\s+)?"
        self._people = re.compile(rf"{lead}(?:{people})")
        self._count = re.compile(rf"{lead}(?:{count}|(?:{months})\b)")
        self._time_before = re.compile(
            r"(?:\bkw|\bcw|\bkalenderwoche|\bweek|\bq|\bquartal|\bquarter|\bseit|\bsince|\bam"
            r"|\bon|\bzum|\bden)\s*$"
        )

    def _after(self, pattern: re.Pattern[str], text: str, amount: Amount) -> bool:
        match = pattern.match(text, amount.end)
        if match is None:
            return False
        filler = match.group("filler")
        return filler is None or filler.lower() not in _FILLERS

    def is_people(self, text: str, amount: Amount) -> bool:
        """ "45 Leute", "2,500 employees", "410-person", "18 of us"."""
        return self._after(self._people, text, amount)

    def is_count(self, text: str, amount: Amount) -> bool:
        """ "3 Standorte", "120 LKW", "in 10 Tagen", "1. April": things and time, not money."""
        return self._after(self._count, text, amount)

    def is_time(self, text: str, amount: Amount) -> bool:
        """A year, a calendar week, a quarter, a day of the month."""
        return amount.looks_like_year or bool(
            self._time_before.search(text[max(0, amount.start - 16) : amount.start])
        )
