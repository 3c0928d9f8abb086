"""Fit from facts, engagement from decaying and capped events, the matrix that makes a lead
hot, and the evidence a hot lead needs before it is sales-ready."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content.scoring_schema import EventPoints, FitRule, Scoring
from bot.qualify.vocabulary import EventKind, FactKind
from storage.rescoring import Thresholds

# Event kinds scoring.yaml may weigh that nothing emits yet: there is no meeting booking
# in the bot; a calendar integration would send it.
RESERVED_EVENT_KINDS = frozenset({EventKind.MEETING_BOOKED})

SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class FitResult:
    """Fit points and the rules that gave them."""

    points: float
    grade: str | None  # None when no fit rules are configured
    rules: tuple[FitRule, ...]


@dataclass(frozen=True)
class Verdict:
    """What the matrix says about a lead: its cell and the cell's temperature. A hot cell
    is the sales-ready one; the evidence rule decides whether the lead is handed over."""

    grade: str | None
    level: int
    temperature: str

    @property
    def hot(self) -> bool:
        return self.temperature == "hot"

    @property
    def cell(self) -> str:
        return f"{self.grade or '-'}{self.level}"


def annual_amount(budget: dict[str, Any]) -> float | None:
    """A budget as an amount per year (the larger bound when there are two)."""
    amount = budget.get("max") if budget.get("max") is not None else budget.get("min")
    if amount is None:
        return None
    return float(amount) * 12 if budget.get("period") == "month" else float(amount)


def _primary(kind: str, value: Any) -> str | None:
    """The word a rule's `in`/`status` list is compared with."""
    if kind == "budget":
        return value.get("status") if isinstance(value, dict) else None
    if kind == "timeframe":
        return value.get("bucket") if isinstance(value, dict) else None
    if kind == "need":
        return value.get("topic") if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def rule_applies(rule: FitRule, value: Any) -> bool:
    """Whether one fit rule adds its points for a fact value."""
    primary = _primary(rule.fact, value)
    if rule.status is not None and primary not in rule.status:
        return False
    if rule.in_ is not None and primary not in rule.in_:
        return False
    if rule.amount_at_least is not None:
        amount = annual_amount(value) if isinstance(value, dict) else None
        if amount is None or amount < rule.amount_at_least:
            return False
    if rule.size_between is not None:
        if not isinstance(value, dict):
            return False
        sizes = [v for v in (value.get("min"), value.get("max")) if v is not None]
        if not sizes:
            return False
        size = sum(sizes) / len(sizes)
        low, high = rule.size_between
        if (low is not None and size < low) or (high is not None and size > high):
            return False
    return True


def fit(scoring: Scoring, facts: dict[str, Any]) -> FitResult:
    """Fit points from the facts a lead has; rules only add, so nothing missing hurts."""
    if not scoring.fit.rules:
        return FitResult(0.0, None, ())
    fired = tuple(
        rule
        for rule in scoring.fit.rules
        if rule.fact in facts
        and facts[rule.fact] is not None
        and rule_applies(rule, facts[rule.fact])
    )
    points = float(sum(rule.points for rule in fired))
    return FitResult(points, grade_for(scoring, points), fired)


def grade_for(scoring: Scoring, points: float) -> str:
    """A to D by the thresholds in scoring.yaml."""
    for grade in ("A", "B", "C"):
        if points >= scoring.fit.grades[grade]:
            return grade
    return "D"


def decayed(score: float, since: datetime | None, now: datetime, half_life_days: float) -> float:
    """An engagement score as it stands `now`, halving every half-life."""
    if since is None or score == 0:
        return score
    days = max((now - since).total_seconds(), 0.0) / SECONDS_PER_DAY
    return score * math.pow(0.5, days / half_life_days)


def level_for(scoring: Scoring, engagement: float) -> int:
    """Engagement level 1 to 4."""
    return 1 + sum(engagement >= threshold for threshold in scoring.engagement.levels)


def verdict(scoring: Scoring, grade: str | None, engagement: float) -> Verdict:
    """The temperature of the cell for the grade and the engagement level."""
    level = level_for(scoring, engagement)
    return Verdict(grade, level, scoring.row(grade)[level - 1])


def _counts(scoring: Scoring, kind: str, value: Any) -> bool:
    """Whether a fact's value is evidence ("not decided yet" is an answer, not evidence)."""
    withheld = scoring.evidence.not_evidence.get(kind, [])  # type: ignore[call-overload]  # kinds are strings
    return value is not None and _primary(kind, value) not in withheld


def missing_evidence(
    scoring: Scoring, facts: Mapping[str, Any], skipped: Collection[str] = ()
) -> list[FactKind]:
    """The evidence facts to ask for before a hand-over: unknown and not skipped, in the
    order scoring.yaml names them."""
    wanted = [*scoring.evidence.all_of, *scoring.evidence.one_of]
    return [FactKind(k) for k in wanted if k not in facts and k not in skipped]


def has_evidence(scoring: Scoring, facts: Mapping[str, Any]) -> bool:
    """Every fact of `all_of` known, and at least one of `one_of` (when it names any)."""
    evidence = scoring.evidence
    if not all(_counts(scoring, kind, facts.get(kind)) for kind in evidence.all_of):
        return False
    return not evidence.one_of or any(
        _counts(scoring, kind, facts.get(kind)) for kind in evidence.one_of
    )


def sales_ready(
    scoring: Scoring, cell: Verdict, facts: Mapping[str, Any], skipped: Collection[str] = ()
) -> bool:
    """A hot cell, the evidence, and nothing left of the evidence the bot could still ask."""
    return (
        cell.hot and has_evidence(scoring, facts) and not missing_evidence(scoring, facts, skipped)
    )


def capped(entry: EventPoints, today: float, ever: float) -> float:
    """The points one more event earns, given what its kind earned in the last 24 hours
    and ever; never below zero."""
    points = entry.points
    if entry.per_day is not None:
        points = min(points, entry.per_day - today)
    if entry.per_lead is not None:
        points = min(points, entry.per_lead - ever)
    return max(points, 0.0) if entry.points > 0 else points


def _cue(word: str) -> str:
    """A cue word as a pattern: whole words, or a prefix when it ends in *."""
    if word.endswith("*"):
        return rf"(?<!\w){re.escape(word[:-1].lower())}"
    return rf"(?<!\w){re.escape(word.lower())}(?!\w)"


def cue_events(scoring: Scoring, text: str, locale: str) -> list[EventKind]:
    """The interest signals whose words a message contains (price, trial, contract, demo)."""
    lowered = text.lower()
    return [
        kind
        for kind, entry in scoring.engagement.events.items()
        if any(re.search(_cue(word), lowered) for word in entry.words.get(locale, []))  # type: ignore[call-overload]  # locales are strings
    ]


def thresholds(scoring: Scoring) -> Thresholds:
    """The scoring numbers in the shape the set-based SQL pass needs."""
    return Thresholds(
        half_life_days=scoring.engagement.half_life_days,
        levels=scoring.engagement.levels,
        matrix={grade: row for grade, row in scoring.matrix.items()},
        engagement_only=scoring.engagement_only,
    )
