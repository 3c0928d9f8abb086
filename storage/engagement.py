"""What a lead's engagement events add up to: the points a kind has earned (for the caps),
whether a message answers a follow-up, and the counts and facts behind the "why" line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.memo import remembered
from storage.models import Event, Fact, Lead

DAY = timedelta(hours=24)
FOLLOW_UP = "nurture_sent"  # the event the follow-up job logs when one goes out
MESSAGE = "message"
POINTS = "points_earned"  # key of the remembered sums (storage/memo.py)


async def points_earned(
    session: AsyncSession, lead_id: int, kind: str, now: datetime
) -> tuple[float, float]:
    """Points events of `kind` earned the lead in the 24 hours before `now`, and ever.

    Every kind is summed in one query, once per transaction; record_event adds to it."""
    memo = remembered(session)
    key = (POINTS, lead_id, now)
    if key not in memo:
        since = now - DAY
        rows = await session.execute(
            select(
                Event.kind,
                func.coalesce(func.sum(Event.weight).filter(Event.occurred_at > since), 0.0),
                func.coalesce(func.sum(Event.weight), 0.0),
            )
            .where(Event.lead_id == lead_id)
            .group_by(Event.kind)
        )
        memo[key] = {str(k): [float(today), float(ever)] for k, today, ever in rows}
    today, ever = memo[key].get(kind, (0.0, 0.0))
    return today, ever


def remember_points(
    session: AsyncSession, lead_id: int, kind: str, weight: float, at: datetime
) -> None:
    """Add a new event's points to the sums points_earned remembers for its lead."""
    memo = remembered(session)
    for key, sums in memo.items():
        if isinstance(key, tuple) and key[0] == POINTS and key[1] == lead_id:
            entry = sums.setdefault(kind, [0.0, 0.0])
            entry[1] += weight
            if at > key[2] - DAY:
                entry[0] += weight


async def answers_a_follow_up(session: AsyncSession, lead_id: int) -> bool:
    """Whether the lead's last message or follow-up, before this one, was a follow-up."""
    last = await session.scalar(
        select(Event.kind)
        .where(Event.lead_id == lead_id, Event.kind.in_((FOLLOW_UP, MESSAGE)))
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(1)
    )
    return last == FOLLOW_UP


async def event_counts(
    session: AsyncSession, lead_ids: Collection[int]
) -> dict[int, dict[str, int]]:
    """How often each kind of event happened, per lead."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = await session.execute(
        select(Event.lead_id, Event.kind, func.count())
        .where(Event.lead_id.in_(lead_ids))
        .group_by(Event.lead_id, Event.kind)
    )
    for lead_id, kind, count in rows:
        counts[lead_id][kind] = int(count)
    return counts


async def fact_values(
    session: AsyncSession, lead_ids: Collection[int]
) -> dict[int, dict[str, Any]]:
    """The current value of each fact kind, per lead."""
    values: dict[int, dict[str, Any]] = defaultdict(dict)
    rows = await session.execute(
        select(Fact.lead_id, Fact.kind, Fact.value)
        .where(Fact.lead_id.in_(lead_ids), Fact.superseded_at.is_(None))
        .order_by(Fact.id)
    )
    for lead_id, kind, value in rows:
        values[lead_id][kind] = value
    return values


async def leads_by_id(session: AsyncSession, lead_ids: Collection[int]) -> dict[int, Lead]:
    """The leads with these ids."""
    return {
        lead.id: lead for lead in await session.scalars(select(Lead).where(Lead.id.in_(lead_ids)))
    }
