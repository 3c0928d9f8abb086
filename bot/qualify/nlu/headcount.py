"""Company size: how many people work where the prospect would buy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.qualify.nlu.budget import Quantity
from bot.qualify.nlu.context import AmountContext
from bot.qualify.nlu.lexicon import Lexicon, words
from bot.qualify.nlu.stated import clause_of, in_clause, retracted
from bot.qualify.nlu.text_spans import sentence_of

_ME_AND = re.compile(
    r"\b(?:nur ich|ich|just me|only me|me|myself)\s+(?:und|and|plus|\+)\s+(\d{1,3})\b"
)
_RANGE_BETWEEN = re.compile(r"^\s*(?:-|–|bis|to|and|und|or|oder)\s*(?:\w+\s+)?$")
# "75 carers + 6 office staff", "3 people in the office and 25 technicians": one company.
_SUM_BETWEEN = re.compile(r"^[^.,;:?!\d]{0,30}?(?:\+|\bplus\b|\band\b|\bund\b|\bsowie\b)\s*$")
_AND_ME = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}(?:and|und|plus|\+)\s+(?:me|myself|ich|mich)\b")
# What may follow "we're 47" for the number to be a headcount: nothing, or little.
_BARE_END = re.compile(
    r"\s*(?:$|[,.;:!?)(+]|(?:now|jetzt|total|insgesamt|aktuell|currently|momentan|inzwischen"
    r"|today|heute|and|und|plus|people|leute|im betrieb|in the company|in total|all together)\b)"
)
# "mit je 40 Leuten", "with 12 people each": a count per site, to be multiplied.
_EACH_BEFORE = re.compile(r"\b(?:je|jeweils|each|every one|in jeder|in jedem|pro)\s+(?:\w+\s+)?$")
_EACH_AFTER = re.compile(r"\s*(?:[a-zäöüß]+\s+){0,2}(?:each|apiece|jeweils)\b")
_ROUGHLY = re.compile(
    r"\b(just under|just over|knapp über|knapp unter|knapp|gut|fast|almost|nearly)\b"
)


@dataclass(frozen=True)
class SizeReading:
    value: dict[str, Any]
    start: int
    end: int
    confidence: float


class HeadcountReader:
    """Numbers of people, with "over", "under", ranges and "we are four"."""

    def __init__(self, lexicon: Lexicon, context: AmountContext) -> None:
        self.lexicon = lexicon
        self.context = context
        groups = lexicon.numbers.get("group_counts") or {}
        self.groups = {str(k).lower(): int(v) for k, v in groups.items()}
        self._group = re.compile(rf"\b({words(self.groups)})\b") if groups else None

    def read(
        self, text: str, found: list[Quantity], expect: str | None, bounds: list[tuple[int, int]]
    ) -> SizeReading | None:
        """The company size a (lowercased) message states, if any."""
        # "ein Gremium aus 5 Leuten", "we vote, there are four of us": who decides, not size.
        found = [q for q in found if not self._about_deciders(text, bounds, q)]
        with_me = _ME_AND.search(text)
        if with_me and not self._deciders_near(text, bounds, *with_me.span(), after=True):
            # "ich und zwei Azubis", "me and 3 contractors": the writer counts too.
            count = float(with_me.group(1)) + 1
            return SizeReading({"min": count, "max": count}, *with_me.span(), 0.8)
        # A number with people words wins; bare numbers count only as the answer to the
        # size question, and only when no number names people.
        candidates = [q for q in found if self._attached(text, q)]
        if not candidates and expect == "company_size":
            candidates = [q for q in found if self._bare(text, q)]
        elif candidates:
            # "60 Leute im Lager, insgesamt 450": a bare number said of the whole company.
            candidates = sorted(
                {*candidates, *(q for q in found if self._of_company(text, q))},
                key=lambda q: q.start,
            )
        if candidates:
            candidates = self._preferred(text, candidates)
            return self._multiplied(text, found, candidates[0]) or self._combined(text, candidates)
        solo = self.lexicon.lists["headcount_solo"].search(text)
        if solo:
            return SizeReading({"min": 1, "max": 1}, *solo.span(), 0.85)
        if self._group:
            group = self._group.search(text)
            if (
                group
                and re.search(
                    r"\bsind\s+(?:nur\s+)?$", text[max(0, group.start() - 12) : group.start()]
                )
                and not self.lexicon.has("decision_words", text)
            ):
                count = self.groups[group.group(1).lower()]
                return SizeReading({"min": count, "max": count}, *group.span(), 0.85)
        return None

    def _preferred(self, text: str, candidates: list[Quantity]) -> list[Quantity]:
        """The counts the writer stands by, of the whole company where one is named."""
        if len(candidates) < 2:
            return candidates
        ranks = [self._rank(text, q) for q in candidates]
        best = max(ranks)
        return [q for q, rank in zip(candidates, ranks, strict=True) if rank == best]

    def _of_company(self, text: str, quantity: Quantity) -> bool:
        return (
            self._bare(text, quantity)
            and bool(_BARE_END.match(text, quantity.end))
            and in_clause(self.lexicon, "whole_company", text, quantity.start, quantity.end)
        )

    def _rank(self, text: str, quantity: Quantity) -> int:
        if retracted(self.lexicon, text, quantity.start, quantity.end):
            return -2
        first, last = clause_of(text, quantity.start, quantity.end)
        clause = text[first:last]
        return int(self.lexicon.has("whole_company", clause)) - int(
            self.lexicon.has("part_of_company", clause)
        )

    def _multiplied(
        self, text: str, found: list[Quantity], people: Quantity
    ) -> SizeReading | None:
        """ "Drei Standorte mit je 40 Leuten", "4 offices of 12 each": sites times people."""
        each = _EACH_BEFORE.search(text, max(0, people.start - 14), people.start)
        if each is None and not _EACH_AFTER.match(text, people.end):
            return None
        sites = [
            q
            for q in found
            if q.end <= people.start
            and not q.is_range
            and people.start - q.end < 40
            and self.context.is_count(text, q.high)
        ]
        if not sites or people.is_range:
            return None
        total = sites[-1].low.value * people.low.value
        return SizeReading({"min": total, "max": total}, sites[-1].start, people.end, 0.7)

    def _about_deciders(self, text: str, bounds: list[tuple[int, int]], q: Quantity) -> bool:
        return self._deciders_near(text, bounds, q.start, q.end)

    def _deciders_near(
        self,
        text: str,
        bounds: list[tuple[int, int]],
        first: int,
        last: int,
        *,
        after: bool = False,
    ) -> bool:
        start, end = sentence_of(bounds, first)
        # A decision word before the count makes it a count of deciders ("a committee of 5",
        # "we vote, there are four of us"); "80 people, and I decide" is still a company.
        # "Me and two colleagues vote" names the deciders first, so there it may follow.
        window = text[max(start, first - 40) : min(end, last + 40) if after else first]
        if self.lexicon.has("decision_words", window):
            return True
        # "the three of us partners decide": a decision verb in the same short clause.
        clause = re.split(
            r",|;|\band\b|\bund\b|\bbut\b|\baber\b", text[last : min(end, last + 25)]
        )[0]
        return self.lexicon.has("decision_words", clause)

    def _combined(self, text: str, candidates: list[Quantity]) -> SizeReading:
        """One number, a range of two, a sum of two groups, or a group plus the writer."""
        first, *rest = candidates
        between = text[first.end : rest[0].start] if rest else ""
        if rest and _RANGE_BETWEEN.match(between):
            # "zwischen 50 und 100", "80 or 90": two numbers that span one range.
            low, high = first.low.value, rest[0].high.value
            return SizeReading({"min": low, "max": high}, first.start, rest[0].end, 0.7)
        if rest and not first.is_range and _SUM_BETWEEN.match(between):
            total = first.low.value + rest[0].low.value
            return SizeReading({"min": total, "max": total}, first.start, rest[0].end, 0.7)
        if not first.is_range and _AND_ME.match(text, first.end):
            count = first.low.value + 1  # "a team of 4 developers and me"
            return SizeReading({"min": count, "max": count}, first.start, first.end, 0.8)
        return self._one(text, first)

    def _attached(self, text: str, quantity: Quantity) -> bool:
        if quantity.currency:
            return False
        if self.context.is_people(text, quantity.high):
            return True
        before = text[max(0, quantity.start - 30) : quantity.start]
        if self.lexicon.lists["headcount_before"].search(before) is None:
            return False
        # "we're 47", "mir sind öppe 60": a count of us, unless a noun says otherwise.
        return bool(_BARE_END.match(text, quantity.end)) and not (
            self.context.is_count(text, quantity.high) or self.context.is_time(text, quantity.low)
        )

    def _bare(self, text: str, quantity: Quantity) -> bool:
        return not (
            quantity.currency
            or (quantity.scaled and not self.context.is_people(text, quantity.high))
            or self.context.is_count(text, quantity.high)
            or self.context.is_time(text, quantity.low)
        )

    def _one(self, text: str, quantity: Quantity) -> SizeReading:
        low, high = quantity.low.value, quantity.high.value
        value: dict[str, Any] = {"min": low, "max": high}
        if not quantity.is_range:
            before = _ROUGHLY.sub(" ", text[max(0, quantity.start - 24) : quantity.start])
            if self.lexicon.lists["max_before"].search(before):
                value["min"] = None
            elif quantity.high.plus or self.lexicon.lists["min_before"].search(before):
                value["max"] = None
        return SizeReading(value, quantity.start, quantity.end, 0.9)
