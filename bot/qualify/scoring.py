"""Fit from facts, engagement from decaying events, and the matrix that makes a lead hot."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content.schemas import FitRule, Scoring
from bot.qualify.vocabulary import EventKind
from storage.rescoring import Thresholds

# Event kinds scoring.yaml may weigh that nothing emits yet. demo_request waits for the
# extraction to tell a demo request apart from asking for a person ("book a demo" reads as
# `human` today); until then its weight scores nothing.
RESERVED_EVENT_KINDS = frozenset({EventKind.DEMO_REQUEST})

SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class FitResult:
    """Fit points and the rules that gave them."""

    points: float
    grade: str | None  # None when no fit rules are configured
    rules: tuple[FitRule, ...]


@dataclass(frozen=True)
class Verdict:
    """What the matrix says about a lead."""

    grade: str | None
    level: int
    temperature: str
    sales_ready: bool


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
    """Temperature and sales-readiness from the grade and the engagement level."""
    level = level_for(scoring, engagement)
    if grade is None:
        only = scoring.engagement_only
        return Verdict(
            None, level, only.temperature[level - 1], level >= only.sales_ready_from_level
        )
    temperature = scoring.matrix[grade][level - 1]  # type: ignore[index]  # grades are A to D
    return Verdict(grade, level, temperature, f"{grade}{level}" in scoring.sales_ready)


def thresholds(scoring: Scoring) -> Thresholds:
    """The scoring numbers in the shape the set-based SQL pass needs."""
    return Thresholds(
        half_life_days=scoring.engagement.half_life_days,
        levels=scoring.engagement.levels,
        matrix={grade: row for grade, row in scoring.matrix.items()},
        sales_ready=frozenset(scoring.sales_ready),
        engagement_only=scoring.engagement_only.temperature,
        engagement_only_ready_level=scoring.engagement_only.sales_ready_from_level,
    )
