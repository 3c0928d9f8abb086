"""How far leads get: the funnel, per week, and per source, persona or language.

Every count is of leads who started in the window (a cohort), and a step counts each lead
who got there or further at any time: a lead a rep accepted straight from a request for a
person counts as MQL too, and a lead recycled after SAL still counts as SAL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from storage.reporting.cohort import COUNTS, DIMENSIONS, OUTCOMES, STEPS
from storage.reporting.rows import BreakdownRow, FunnelStep, WeekRow, Window
from storage.reporting.summed import funnel_rows

Dimension = Literal["source", "persona", "language"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _steps(counts: Mapping[str, int]) -> list[FunnelStep]:
    steps: list[FunnelStep] = []
    for index, name in enumerate(STEPS):
        before = counts[STEPS[index - 1]] if index else 0
        steps.append(
            FunnelStep(name, counts[name], _share(counts[name], before) if index else None)
        )
    for outcome in OUTCOMES:
        steps.append(
            FunnelStep(outcome, counts[outcome], _share(counts[outcome], counts["started"]))
        )
    return steps


def _week_rows(by_week: Mapping[Any, Mapping[str, int]]) -> list[WeekRow]:
    return [
        WeekRow(week, c["started"], c["consented"], c["mql"], c["sal"], c["sql"])
        for week, c in sorted(by_week.items(), key=lambda pair: str(pair[0]))
    ]


def _breakdown_rows(by_key: Mapping[Any, Mapping[str, int]]) -> list[BreakdownRow]:
    """Most leads first."""
    ordered = sorted(by_key.items(), key=lambda pair: (-pair[1]["started"], pair[0] or ""))
    return [BreakdownRow(key or "", *(c[name] for name in STEPS)) for key, c in ordered]


async def _rows(
    session: AsyncSession, window: Window, dimensions: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Counts per start day (and dimensions), each with the Monday of its day's week."""
    rows = await funnel_rows(session, window, dimensions)
    for row in rows:
        row["week"] = row["day"] - timedelta(days=row["day"].weekday())
    return rows


def _roll_up(rows: Iterable[Mapping[str, Any]], group: str | None) -> dict[Any, dict[str, int]]:
    """Sums of per-group counts over coarser groups (`None`: everything)."""
    sums: dict[Any, dict[str, int]] = {}
    for numbers in rows:
        target = sums.setdefault(numbers[group] if group else None, dict.fromkeys(COUNTS, 0))
        for name in COUNTS:
            target[name] += int(numbers[name])
    return sums


def _totals(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    return _roll_up(rows, None).get(None) or dict.fromkeys(COUNTS, 0)


async def funnel(session: AsyncSession, window: Window) -> list[FunnelStep]:
    """started → consented → qualified (told us a fact) → MQL → SAL → SQL → won, each with
    its conversion from the step before; then lost and recycled as shares of started."""
    return _steps(_totals(await _rows(session, window)))


async def weekly_trend(session: AsyncSession, window: Window) -> list[WeekRow]:
    """Per week the leads started in (Monday, UTC, oldest first): how far they got."""
    return _week_rows(_roll_up(await _rows(session, window), "week"))


async def funnel_and_trend(
    session: AsyncSession, window: Window
) -> tuple[list[FunnelStep], list[WeekRow]]:
    """funnel and weekly_trend from one reading of the window's day counts."""
    rows = await _rows(session, window)
    return _steps(_totals(rows)), _week_rows(_roll_up(rows, "week"))


async def breakdown(
    session: AsyncSession, window: Window, dimension: Dimension
) -> list[BreakdownRow]:
    """The funnel per source campaign, persona or language, most leads first."""
    return _breakdown_rows(_roll_up(await _rows(session, window, (dimension,)), dimension))


@dataclass(frozen=True)
class FunnelViews:
    """The funnel, the weekly trend and the three breakdowns, from one pass over the leads."""

    funnel: list[FunnelStep]
    weeks: list[WeekRow]
    by_source: list[BreakdownRow]
    by_persona: list[BreakdownRow]
    by_language: list[BreakdownRow]


async def funnel_views(session: AsyncSession, window: Window) -> FunnelViews:
    """What funnel, weekly_trend and breakdown give, counted once per day, source, persona
    and language (from the day summaries where they are current) and summed up here."""
    rows = await _rows(session, window, DIMENSIONS)
    return FunnelViews(
        funnel=_steps(_totals(rows)),
        weeks=_week_rows(_roll_up(rows, "week")),
        by_source=_breakdown_rows(_roll_up(rows, "source")),
        by_persona=_breakdown_rows(_roll_up(rows, "persona")),
        by_language=_breakdown_rows(_roll_up(rows, "language")),
    )
