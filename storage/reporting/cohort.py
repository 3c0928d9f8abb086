"""The one query behind every funnel number: how far the window's leads got, per group.

Each step counts each lead who got there or further at any time: a lead a rep accepted
straight from a request for a person counts as MQL too, and a lead recycled after SAL
still counts as SAL. The day summaries (rollup.py) are this query, grouped by day.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from storage.models import Consent, Fact, Lead, LifecycleChange
from storage.reporting.rows import Window
from storage.reporting.sql import AnySelect, in_window

# How far each lifecycle state is down the funnel; the steps before MQL are read elsewhere.
RANK = {"mql": 1, "sal": 2, "sql": 3, "won": 4}
STEPS = ("started", "consented", "qualified", "mql", "sal", "sql", "won")
OUTCOMES = ("lost", "recycled")
COUNTS = (*STEPS, *OUTCOMES)
DIMENSIONS = ("source", "persona", "language")


def _reached() -> Any:
    """Per lead: the furthest step its lifecycle reached, and whether it was ever lost or
    recycled (one pass over lifecycle_changes, grouped)."""
    change = LifecycleChange
    return (
        select(
            change.lead_id,
            func.max(case(RANK, value=change.to_state, else_=0)).label("rank"),
            func.max(case((change.to_state == "lost", 1), else_=0)).label("lost"),
            func.max(case((change.to_state == "recycled", 1), else_=0)).label("recycled"),
        )
        .group_by(change.lead_id)
        .subquery("reached")
    )


def _reached_per_lead() -> tuple[Any, Any, Any]:
    """The same three facts as `_reached`, looked up for each lead through
    ix_lifecycle_changes_reached: cheaper than grouping every change when few leads count."""
    change = LifecycleChange

    def ever(state: str) -> Any:
        return case(
            (
                select(change.id)
                .where(change.lead_id == Lead.id, change.to_state == state)
                .exists(),
                1,
            ),
            else_=0,
        )

    rank = (
        select(func.max(case(RANK, value=change.to_state, else_=0)))
        .where(change.lead_id == Lead.id)
        .scalar_subquery()
    )
    return rank, ever("lost"), ever("recycled")


def counts(
    window: Window, *groups: ColumnElement[Any], also: ColumnElement[bool] | None = None
) -> AnySelect:
    """started, consented, …, won, lost, recycled for the window's leads, per group; with
    `also`, only for those of its leads (a few days' worth: looked up lead by lead)."""
    consented = (
        select(Consent.id)
        .where(Consent.lead_id == Lead.id, Consent.purpose == "qualification", Consent.granted)
        .exists()
    )
    qualified = select(Fact.id).where(Fact.lead_id == Lead.id).exists()
    query = select().select_from(Lead).where(in_window(window))
    if also is None:
        reached = _reached()
        query = query.outerjoin(reached, reached.c.lead_id == Lead.id)
        rank, lost, recycled = reached.c.rank, reached.c.lost, reached.c.recycled
    else:
        query = query.where(also)
        rank, lost, recycled = _reached_per_lead()
    rank = func.coalesce(rank, 0)
    columns = [
        func.count().label("started"),
        func.count(case((consented, 1))).label("consented"),
        func.count(case((qualified, 1))).label("qualified"),
        *(func.count(case((rank >= n, 1))).label(step) for step, n in RANK.items()),
        func.count(case((lost == 1, 1))).label("lost"),
        func.count(case((recycled == 1, 1))).label("recycled"),
    ]
    query = query.add_columns(*groups, *columns)
    return query.group_by(*groups) if groups else query
