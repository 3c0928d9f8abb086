"""How far leads get: the funnel, per week, and per source, persona or language.

Every count is of leads who started in the window (a cohort), and a step counts each lead
who got there or further at any time: a lead a rep accepted straight from a request for a
person counts as MQL too, and a lead recycled after SAL still counts as SAL.
"""

from __future__ import annotations

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
    return query.group_by(*groups).order_by(*groups) if groups else query


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


async def funnel(session: AsyncSession, window: Window) -> list[FunnelStep]:
    """started → consented → qualified (told us a fact) → MQL → SAL → SQL → won, each with
    its conversion from the step before; then lost and recycled as shares of started."""
    row = (await session.execute(_counts(window))).one()
    steps: list[FunnelStep] = []
    for index, name in enumerate(_STEPS):
        before = getattr(row, _STEPS[index - 1]) if index else 0
        count = getattr(row, name)
        steps.append(FunnelStep(name, count, _share(count, before) if index else None))
    for outcome in _OUTCOMES:
        count = getattr(row, outcome)
        steps.append(FunnelStep(outcome, count, _share(count, row.started)))
    return steps


def _as_date(value: date | str) -> date:
    """SQLite gives the week as 'YYYY-MM-DD', PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


async def weekly_trend(session: AsyncSession, window: Window) -> list[WeekRow]:
    """Per week the leads started in (Monday, UTC, oldest first): how far they got."""
    week = week_start(Lead.created_at).label("week")
    rows = (await session.execute(_counts(window, week))).all()
    return [WeekRow(_as_date(r.week), r.started, r.consented, r.mql, r.sal, r.sql) for r in rows]


async def breakdown(
    session: AsyncSession, window: Window, dimension: Dimension
) -> list[BreakdownRow]:
    """The funnel per source campaign, persona or language, most leads first."""
    column = getattr(Lead, dimension).label("key")
    rows: list[Row[Any]] = list((await session.execute(_counts(window, column))).all())
    rows.sort(key=lambda r: (-r.started, r.key or ""))
    return [
        BreakdownRow(r.key or "", r.started, r.consented, r.qualified, r.mql, r.sal, r.sql, r.won)
        for r in rows
    ]
