"""How far leads get: the funnel, per week, and per source, persona or language.

Every count is of leads who started in the window (a cohort), and a step counts each lead
who got there or further at any time: a lead a rep accepted straight from a request for a
person counts as MQL too, and a lead recycled after SAL still counts as SAL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Consent, Fact, Lead, LifecycleChange
from storage.reporting.rows import BreakdownRow, FunnelStep, WeekRow, Window
from storage.reporting.sql import AnySelect, in_window, week_start

# How far each lifecycle state is down the funnel; the steps before MQL are read elsewhere.
_RANK = {"mql": 1, "sal": 2, "sql": 3, "won": 4}
_STEPS = ("started", "consented", "qualified", "mql", "sal", "sql", "won")
_OUTCOMES = ("lost", "recycled")
_COUNTS = (*_STEPS, *_OUTCOMES)
Dimension = Literal["source", "persona", "language"]


def _reached() -> Any:
    """Per lead: the furthest step its lifecycle reached, and whether it was ever lost or
    recycled (one pass over lifecycle_changes, grouped)."""
    change = LifecycleChange
    return (
        select(
            change.lead_id,
            func.max(case(_RANK, value=change.to_state, else_=0)).label("rank"),
            func.max(case((change.to_state == "lost", 1), else_=0)).label("lost"),
            func.max(case((change.to_state == "recycled", 1), else_=0)).label("recycled"),
        )
        .group_by(change.lead_id)
        .subquery("reached")
    )


def _counts(window: Window, *groups: ColumnElement[Any]) -> AnySelect:
    """started, consented, …, won, lost, recycled for the window's leads, per group."""
    reached = _reached()
    consented = (
        select(Consent.id)
        .where(Consent.lead_id == Lead.id, Consent.purpose == "qualification", Consent.granted)
        .exists()
    )
    qualified = select(Fact.id).where(Fact.lead_id == Lead.id).exists()
    rank = func.coalesce(reached.c.rank, 0)
    columns = [
        func.count().label("started"),
        func.count(case((consented, 1))).label("consented"),
        func.count(case((qualified, 1))).label("qualified"),
        *(func.count(case((rank >= n, 1))).label(step) for step, n in _RANK.items()),
        *(func.count(case((getattr(reached.c, o) == 1, 1))).label(o) for o in _OUTCOMES),
    ]
    query = (
        select(*groups, *columns)
        .select_from(Lead)
        .outerjoin(reached, reached.c.lead_id == Lead.id)
        .where(in_window(window))
    )
    return query.group_by(*groups) if groups else query


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _steps(counts: Mapping[str, int]) -> list[FunnelStep]:
    steps: list[FunnelStep] = []
    for index, name in enumerate(_STEPS):
        before = counts[_STEPS[index - 1]] if index else 0
        steps.append(
            FunnelStep(name, counts[name], _share(counts[name], before) if index else None)
        )
    for outcome in _OUTCOMES:
        steps.append(
            FunnelStep(outcome, counts[outcome], _share(counts[outcome], counts["started"]))
        )
    return steps


def _as_date(value: date | str) -> date:
    """SQLite gives the week as 'YYYY-MM-DD', PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _week_rows(by_week: Mapping[Any, Mapping[str, int]]) -> list[WeekRow]:
    return [
        WeekRow(_as_date(week), c["started"], c["consented"], c["mql"], c["sal"], c["sql"])
        for week, c in sorted(by_week.items(), key=lambda pair: str(pair[0]))
    ]


def _breakdown_rows(by_key: Mapping[Any, Mapping[str, int]]) -> list[BreakdownRow]:
    """Most leads first."""
    ordered = sorted(by_key.items(), key=lambda pair: (-pair[1]["started"], pair[0] or ""))
    return [BreakdownRow(key or "", *(c[name] for name in _STEPS)) for key, c in ordered]


async def _grouped(
    session: AsyncSession, window: Window, *groups: ColumnElement[Any]
) -> list[Row[Any]]:
    return list((await session.execute(_counts(window, *groups))).all())


def _roll_up(rows: list[Row[Any]], group: str | None) -> dict[Any, dict[str, int]]:
    """Sums of SQL's per-group counts over coarser groups (`None`: everything)."""
    sums: dict[Any, dict[str, int]] = {}
    for row in rows:
        numbers = row._mapping
        target = sums.setdefault(numbers[group] if group else None, dict.fromkeys(_COUNTS, 0))
        for name in _COUNTS:
            target[name] += numbers[name]
    return sums


async def funnel(session: AsyncSession, window: Window) -> list[FunnelStep]:
    """started → consented → qualified (told us a fact) → MQL → SAL → SQL → won, each with
    its conversion from the step before; then lost and recycled as shares of started."""
    return _steps(_roll_up(await _grouped(session, window), None)[None])


async def weekly_trend(session: AsyncSession, window: Window) -> list[WeekRow]:
    """Per week the leads started in (Monday, UTC, oldest first): how far they got."""
    rows = await _grouped(session, window, week_start(Lead.created_at).label("week"))
    return _week_rows(_roll_up(rows, "week"))


async def breakdown(
    session: AsyncSession, window: Window, dimension: Dimension
) -> list[BreakdownRow]:
    """The funnel per source campaign, persona or language, most leads first."""
    rows = await _grouped(session, window, getattr(Lead, dimension).label(dimension))
    return _breakdown_rows(_roll_up(rows, dimension))


@dataclass(frozen=True)
class FunnelViews:
    """The funnel, the weekly trend and the three breakdowns, from one pass over the leads."""

    funnel: list[FunnelStep]
    weeks: list[WeekRow]
    by_source: list[BreakdownRow]
    by_persona: list[BreakdownRow]
    by_language: list[BreakdownRow]


async def funnel_views(session: AsyncSession, window: Window) -> FunnelViews:
    """What funnel, weekly_trend and breakdown give, counted by SQL once per combination of
    week, source, persona and language and summed up from those few rows."""
    week = week_start(Lead.created_at).label("week")
    dimensions = [getattr(Lead, name).label(name) for name in ("source", "persona", "language")]
    rows = await _grouped(session, window, week, *dimensions)
    totals = _roll_up(rows, None).get(None) or dict.fromkeys(_COUNTS, 0)
    return FunnelViews(
        funnel=_steps(totals),
        weeks=_week_rows(_roll_up(rows, "week")),
        by_source=_breakdown_rows(_roll_up(rows, "source")),
        by_persona=_breakdown_rows(_roll_up(rows, "persona")),
        by_language=_breakdown_rows(_roll_up(rows, "language")),
    )
