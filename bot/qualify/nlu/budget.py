"""Budget: an amount with its bounds, currency and period, or that there is none or unknown."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from bot.qualify.nlu.amounts import Amount, parse_number
from bot.qualify.nlu.context import AmountContext
from bot.qualify.nlu.lexicon import Lexicon
from bot.qualify.nlu.stated import in_clause, retracted
from bot.qualify.nlu.text_spans import sentence_of

_RANGE = re.compile(r"^\s*(?:-|–|—|bis(?:\s+zu)?|to|or|oder)\s*$")
_AND = re.compile(r"^\s*(?:und|un|and)\s*$")
_BOUNDS_APART = 30  # characters between a floor and a ceiling said as one range
_NEXT_NUMBER = re.compile(r"\s*\d")
_CLAUSE_REST = re.compile(r"[^,;.!?]*")
_NEXT_WORD = re.compile(r"\s*([A-Za-zÄÖÜäöüß]+)")
_BETWEEN = re.compile(
    r"(?:zwischen|zwischn|zwischem|zwische|zw\.|between|betwen|from|von|in the|range of)"
    r"\s+(?:\S+\s+)?$"
)


@dataclass(frozen=True)
class Quantity:
    """A single amount or a range of two."""

    low: Amount
    high: Amount

    @property
    def start(self) -> int:
        return self.low.start

    @property
    def end(self) -> int:
        return self.high.end

    @property
    def is_range(self) -> bool:
        return self.low is not self.high

    @property
    def currency(self) -> str | None:
        return self.low.currency or self.high.currency

    @property
    def scaled(self) -> bool:
        return self.low.scaled or self.high.scaled


def quantities(text: str, amounts: list[Amount]) -> list[Quantity]:
    """Pair "50-60k", "zwischen 20 und 30 Tausend", "€3.5k–€4k" into ranges."""
    result: list[Quantity] = []
    index = 0
    while index < len(amounts):
        low = amounts[index]
        if index + 1 < len(amounts):
            high = amounts[index + 1]
            between = text[low.end : high.start]
            before = text[max(0, low.start - 24) : low.start]
            if _RANGE.match(between) or (_AND.match(between) and _BETWEEN.search(before)):
                result.append(Quantity(_borrow(low, high), high))
                index += 2
                continue
        result.append(Quantity(low, low))
        index += 1
    return result


def _borrow(low: Amount, high: Amount) -> Amount:
    """The first number of a range takes the scale and currency of the second."""
    value = low.value
    if high.scaled and not low.scaled:
        factor = high.value / parse_number(high.digits)
        if low.value * factor <= high.value:
            value = low.value * factor
    return replace(
        low, value=value, currency=low.currency or high.currency, scaled=low.scaled or high.scaled
    )


@dataclass(frozen=True)
class BudgetReading:
    value: dict[str, Any]
    start: int
    end: int
    confidence: float


class BudgetReader:
    """Reads a budget from the quantities of a message and the words around them."""

    def __init__(self, lexicon: Lexicon, context: AmountContext) -> None:
        self.lexicon = lexicon
        self.context = context

    def is_money(
        self, text: str, quantity: Quantity, expect: str | None, bounds: list[tuple[int, int]]
    ) -> bool:
        """Currency or scale says money; otherwise only where a budget is being talked about."""
        for amount in (quantity.low, quantity.high):
            if self.context.is_people(text, amount) or self.context.is_count(text, amount):
                return False
        if quantity.currency:
            return True
        if self.context.is_time(text, quantity.low):
            return False
        if quantity.scaled:
            return True
        follower = _NEXT_WORD.match(text, quantity.end)
        if follower and follower.group(1).lower() not in self.lexicon.bare_followers:
            return False  # "2 iPhone", "20457 Hamburg": a count or a code, not money
        sentence = sentence_of(bounds, quantity.start)
        return expect == "budget" or self.lexicon.has("budget_words", text[slice(*sentence)])

    def read(
        self, text: str, found: list[Quantity], expect: str | None, bounds: list[tuple[int, int]]
    ) -> BudgetReading | None:
        """The budget a (lowercased) message states, if any."""
        readings: list[tuple[int, BudgetReading]] = []
        for quantity in found:
            if not self.is_money(text, quantity, expect, bounds):
                continue
            start, end = sentence_of(bounds, quantity.start)
            sentence = text[start:end]
            if self.lexicon.has("signoff_words", sentence) and not self._apart(
                text, quantity, found, (start, end)
            ):
                continue
            if self.lexicon.has("revenue_words", text[max(start, quantity.start - 40) : end]):
                continue
            # "Zendesk wants 55k; we'd like to be well below that": the quote is the ceiling.
            capped = self.lexicon.has("not_more_than_that", text[quantity.end :])
            if self.lexicon.has("past_spend", sentence) and not capped:
                continue
            reading = self._known(text, quantity, start, end, capped)
            readings.append((self._doubt(text, quantity), reading))
        if readings:
            # The amount least in doubt wins; of equals, the first said.
            doubt, best = min(readings, key=lambda pair: pair[0])
            return _bounded(best, [r for d, r in readings if d == doubt and r is not best])
        return self._status(text)

    def _apart(
        self, text: str, quantity: Quantity, found: list[Quantity], sentence: tuple[int, int]
    ) -> bool:
        """The sentence's sign-off belongs to another amount: "bis 8.000 € darf ich allein
        freigeben, geplant sind 3.000" (or the amount's own clause names the budget)."""
        if self._limited(text, quantity):
            return False
        if in_clause(self.lexicon, "budget_words", text, quantity.start, quantity.end):
            return True
        return any(
            other is not quantity
            and sentence[0] <= other.start < sentence[1]
            and self._limited(text, other)
            for other in found
        )

    def _limited(self, text: str, quantity: Quantity) -> bool:
        span = (text, quantity.start, quantity.end)
        return in_clause(self.lexicon, "signoff_words", *span) or in_clause(
            self.lexicon, "limit_words", *span
        )

    def _doubt(self, text: str, quantity: Quantity) -> int:
        """How likely an amount is something else: a limit (1) or a number taken back (2)."""
        if retracted(self.lexicon, text, quantity.start, quantity.end):
            return 2
        return int(in_clause(self.lexicon, "limit_words", text, quantity.start, quantity.end))

    def _known(
        self, text: str, quantity: Quantity, start: int, end: int, capped: bool
    ) -> BudgetReading:
        before = text[max(start, quantity.start - 28) : quantity.start]
        before = self.lexicon.lists["about"].sub(" ", before) if before else before
        after = text[quantity.end : min(end, quantity.end + 40)]
        low, high = quantity.low.value, quantity.high.value
        minimum: float | None = low
        maximum: float | None = high
        if not quantity.is_range:
            if capped or self._matches("max_before", before):
                minimum = None
            elif self._matches("min_before", before):
                # "not more than 300", "mehr als 5.000 nicht", "mehr als 300 wird schwierig":
                # a negated floor is a ceiling.
                if self._negated(before, text, quantity.end) or self._ceiling_after(after):
                    minimum = None
                else:
                    maximum = None
            elif self._matches("max_after", after):
                minimum = None
            elif quantity.high.plus:
                maximum = None
            elif (more := self.lexicon.lists["min_after"].search(after)) and not self._negated(
                "", text, quantity.end + more.end()
            ):
                # "150 Euro im Monat, mehr ned" names the amount itself, not a floor.
                maximum = None
        # The period may close the sentence: "45k for the whole project, one-time."
        period_after = text[quantity.end : min(end, quantity.end + 70)]
        period = self._period(text[max(start, quantity.start - 26) : quantity.start], period_after)
        value = {
            "status": "known",
            "min": minimum,
            "max": maximum,
            "currency": quantity.currency,
            "period": period,
        }
        confident = quantity.currency or quantity.scaled
        return BudgetReading(value, quantity.start, quantity.end, 0.9 if confident else 0.7)

    def _ceiling_after(self, after: str) -> bool:
        """A ceiling said after the amount, unless it is the cue of the next amount
        ("mindestens 8k und maximal 15k")."""
        match = self.lexicon.lists["max_after"].search(after)
        return match is not None and not _NEXT_NUMBER.match(after, match.end())

    def _negated(self, before: str, text: str, position: int) -> bool:
        """A negation in the clause before an amount's cue, or just after it."""
        clause_before = re.split(r"[,;:]", before)[-1]
        after = _CLAUSE_REST.match(text, position)
        return self.lexicon.has("negation", clause_before) or (
            after is not None and self.lexicon.has("negation", after[0])
        )

    def _matches(self, name: str, window: str) -> bool:
        return self.lexicon.lists[name].search(window) is not None

    def _period(self, before: str, after: str) -> str | None:
        """The period word nearest the amount ("3.000 € einmalig plus 200 € monatlich": once)."""
        best: tuple[int, str] | None = None
        for name in ("month", "year", "once"):
            pattern = self.lexicon.periods[name]
            for match in pattern.finditer(after):
                if best is None or match.start() < best[0]:
                    best = (match.start(), name)
            for match in pattern.finditer(before):
                distance = len(before) - match.end()
                if best is None or distance < best[0]:
                    best = (distance, name)
        return best[1] if best else None

    def _status(self, text: str) -> BudgetReading | None:
        match = self.lexicon.lists["budget_none"].search(text)
        if match:
            return BudgetReading(_empty("none"), *match.span(), 0.85)
        return None


def _bounded(reading: BudgetReading, others: list[BudgetReading]) -> BudgetReading:
    """ "mindestens 5k, maximal 12k": a floor and a ceiling said apart make one range."""
    value = reading.value
    for other in others:
        if max(other.start - reading.end, reading.start - other.end) > _BOUNDS_APART:
            continue
        if value["max"] is None and other.value["min"] is None:
            value = {**value, "max": other.value["max"]}
        elif value["min"] is None and other.value["max"] is None and other.value["min"]:
            value = {**value, "min": other.value["min"]}
        else:
            continue
        for key in ("currency", "period"):
            value[key] = value[key] or other.value[key]
        end = max(reading.end, other.end)
        return BudgetReading(value, min(reading.start, other.start), end, reading.confidence)
    return reading


def _empty(status: str) -> dict[str, Any]:
    return {"status": status, "min": None, "max": None, "currency": None, "period": None}


def unknown_budget(start: int, end: int) -> BudgetReading:
    """The prospect does not know or will not say."""
    return BudgetReading(_empty("unknown"), start, end, 0.8)
