"""Numeric amounts in (normalized) text: "15.000 €", "1,2 Mio.", "$3.2k", "CHF 8'000"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.qualify.nlu.lexicon import Lexicon, words

_NUMBER = r"\d{1,3}(?:[.,'’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s/-]?)?\(?\d{2,5}\)?(?:[\s/-]{1,3}\d{2,})+(?![\w.,]\d)"
)
_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?(?![\d])")
_PERCENT = re.compile(r"^\s?(%|prozent|percent|pct)")


@dataclass(frozen=True)
class Amount:
    """One number as written, with its scale and currency if stated."""

    value: float
    start: int
    end: int
    currency: str | None
    scaled: bool
    plus: bool
    digits: str

    @property
    def looks_like_year(self) -> bool:
        """A four-digit integer between 1900 and 2100 with nothing that makes it money."""
        return (
            not self.scaled
            and self.currency is None
            and self.digits.isdigit()
            and len(self.digits) == 4
            and 1900 <= self.value <= 2100
        )


def parse_number(digits: str) -> float:
    """Read "1.250,50", "1,500.50", "8'000", "15.000", "2.5" and "1,2" the way people mean them."""
    cleaned = digits.replace("'", "").replace("’", "")
    if "." in cleaned and "," in cleaned:
        decimal = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(cleaned.replace(thousands, "").replace(decimal, "."))
    for separator in (".", ","):
        if separator in cleaned:
            head, _, tail = cleaned.rpartition(separator)
            if cleaned.count(separator) > 1 or len(tail) == 3:
                return float(cleaned.replace(separator, ""))
            return float(head.replace(separator, "") + "." + tail)
    return float(cleaned)


class AmountFinder:
    """Finds amounts with a regex built from the lexicon's currencies and scale words."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        currency = words(lexicon.currencies)
        multiplier = words(lexicon.multipliers)
        self.pattern = re.compile(
            rf"(?<![\w.,'’])(?:(?P<pre>{currency})\s?)?(?P<num>{_NUMBER})(?!\d)"
            rf"(?:(?P<space>\s?)(?P<mult>{multiplier})(?![a-zäöüß]))?(?P<plus>\+)?"
            rf"(?:\s?(?P<post>{currency})(?![a-zäöüß]))?"
        )

    def masked(self, text: str) -> list[tuple[int, int]]:
        """Spans that hold phone numbers and dates, which are never amounts."""
        spans = []
        for match in _PHONE.finditer(text):
            if sum(c.isdigit() for c in match.group()) >= 7:
                spans.append(match.span())
        spans.extend(match.span() for match in _DATE.finditer(text))
        return spans

    def find(self, text: str) -> list[Amount]:
        """Every amount in `text`, percentages, phone numbers and dates left out."""
        if not any(c.isdigit() for c in text):
            return []  # number words are digits by now, so no digit means no amount
        masked = self.masked(text)
        found = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if any(m_start <= start < m_end for m_start, m_end in masked):
                continue
            if _PERCENT.match(text[end : end + 9]):
                continue
            digits = match.group("num")
            value = parse_number(digits)
            scaled = False
            mult = match.group("mult")
            currency = None
            if mult and not (mult.lower() == "m" and match.group("space")):
                value *= self.lexicon.multipliers[mult.lower()]
                scaled = True
                currency = self.lexicon.currencies.get(mult.lower())
            elif mult:
                end = match.start("space")
            for group in ("pre", "post"):
                spelled = match.group(group)
                if spelled:
                    currency = self.lexicon.currencies[spelled.lower()]
            found.append(
                Amount(value, start, end, currency, scaled, bool(match.group("plus")), digits)
            )
        return found
