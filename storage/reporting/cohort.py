"""The one query behind every funnel number: how far the window's leads got, per group.

Each step counts each lead who got there or further at any time: a lead a rep accepted
straight from a request for a person counts as MQL too, and a lead recycled after SAL
still counts as SAL. The day summaries (rollup.py) are this query, grouped by day.
"""

from __future__ import annotations

from collections.abc import Mapping
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


# A lead's lifecycle in one number, from one lookup: rank + LOST + RECYCLED (if ever).
LOST, RECYCLED = 8, 16


def _consented() -> Any:
    return (
        select(Consent.id)
        .where(Consent.lead_id == Lead.id, Consent.purpose == "qualification", Consent.granted)
        .exists()
    )


def _qualified() -> Any:
    return select(Fact.id).where(Fact.lead_id == Lead.id).exists()


def counts(
    window: Window, *groups: ColumnElement[Any], also: ColumnElement[bool] | None = None
) -> AnySelect:
    """started, consented, …, won, lost, recycled for the window's leads, per group; with
    `also`, only for those of its leads, in the form `per_lead` describes."""
    if also is not None:
        return per_lead(window, also, *groups)
    reached = _reached()
    rank = func.coalesce(reached.c.rank, 0)
    columns = [
        func.count().label("started"),
        func.count(case((_consented(), 1))).label("consented"),
        func.count(case((_qualified(), 1))).label("qualified"),
        *(func.count(case((rank >= n, 1))).label(step) for step, n in RANK.items()),
        *(func.count(case((getattr(reached.c, o) == 1, 1))).label(o) for o in OUTCOMES),
    ]
    query = (
        select(*groups, *columns)
        .select_from(Lead)
        .outerjoin(reached, reached.c.lead_id == Lead.id)
        .where(in_window(window))
    )
    return query.group_by(*groups) if groups else query


def per_lead(window: Window, also: ColumnElement[bool], *groups: ColumnElement[Any]) -> AnySelect:
    """For a few days' leads: how many (`leads`) share each group, consent (0/1), fact (0/1)
    and lifecycle number (`steps`), each looked up once per lead through an index, which is
    cheaper than grouping every lifecycle change. `unpack` turns a row into counts."""
    change = LifecycleChange
    steps = func.coalesce(
        select(
            func.max(case(RANK, value=change.to_state, else_=0))
            + func.max(case((change.to_state == "lost", LOST), else_=0))
            + func.max(case((change.to_state == "recycled", RECYCLED), else_=0))
        )
        .where(change.lead_id == Lead.id)
        .scalar_subquery(),
        0,
    ).label("steps")
    consented = case((_consented(), 1), else_=0).label("consented")
    qualified = case((_qualified(), 1), else_=0).label("qualified")
    keys = [*groups, consented, qualified, steps]
    return (
        select(*keys, func.count().label("leads"))
        .select_from(Lead)
        .where(in_window(window), also)
        .group_by(*keys)
    )


def unpack(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of `counts` as its groups and counts, whichever form it came in."""
    if "leads" not in row:
        return dict(row)
    leads, steps = int(row["leads"]), int(row["steps"])
    numbers = {k: v for k, v in row.items() if k not in ("leads", "steps")}
    numbers.update(
        started=leads,
        consented=leads * int(row["consented"]),
        qualified=leads * int(row["qualified"]),
        lost=leads if steps & LOST else 0,
        recycled=leads if steps & RECYCLED else 0,
    )
    for step, rank in RANK.items():
        numbers[step] = leads if steps % LOST >= rank else 0
    return numbers


def merged(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of the same `keys` added up into one."""
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        target = sums.setdefault(tuple(row[k] for k in keys), {**row, **dict.fromkeys(COUNTS, 0)})
        for name in COUNTS:
            target[name] += row[name]
    return list(sums.values())
