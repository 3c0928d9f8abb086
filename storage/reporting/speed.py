"""How fast leads move: first reply, to sales-ready, to a rep's acceptance, to a meeting.

Each is a query giving one duration (`seconds`) per lead or handover; the median and 90th
percentile are picked in SQL by rank, so only two numbers leave the database.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Handover, Lead, LifecycleChange, Message
from storage.reporting.rows import Speed, Window
from storage.reporting.sql import AnySelect, in_window, restrict, seconds_between


def first_reply(window: Window) -> AnySelect:
    """Per lead: from its first stored message to the bot's first reply after it."""
    first_in = (
        restrict(
            select(Message.lead_id, func.min(Message.sent_at).label("at")),
            Message.lead_id,
            window,
        )
        .where(Message.direction == "in")
        .group_by(Message.lead_id)
        .subquery("first_in")
    )
    return (
        select(seconds_between(first_in.c.at, func.min(Message.sent_at)).label("seconds"))
        .select_from(Message)
        .join(first_in, first_in.c.lead_id == Message.lead_id)
        .where(Message.direction == "out", Message.sent_at >= first_in.c.at)
        .group_by(Message.lead_id, first_in.c.at)
    )


def to_sales_ready(window: Window) -> AnySelect:
    """Per lead: from its start to its first move to MQL."""
    return (
        select(
            seconds_between(Lead.created_at, func.min(LifecycleChange.changed_at)).label("seconds")
        )
        .select_from(LifecycleChange)
        .join(Lead, Lead.id == LifecycleChange.lead_id)
        .where(LifecycleChange.to_state == "mql", in_window(window))
        .group_by(LifecycleChange.lead_id, Lead.created_at)
    )


def to_acceptance(window: Window) -> AnySelect:
    """Per accepted handover: from its opening to the rep's acceptance (retries included)."""
    return restrict(
        select(seconds_between(Handover.created_at, Handover.decided_at).label("seconds")),
        Handover.lead_id,
        window,
    ).where(
        Handover.status == "accepted",
        Handover.decided_at.is_not(None),
        Handover.rep_id.is_not(None),  # not passed to the support chat at once
    )


def to_meeting(window: Window) -> AnySelect:
    """Per lead: from its start to its first booked meeting (the `meeting_booked` event)."""
    return (
        select(seconds_between(Lead.created_at, func.min(Event.occurred_at)).label("seconds"))
        .select_from(Event)
        .join(Lead, Lead.id == Event.lead_id)
        .where(Event.kind == "meeting_booked", in_window(window))
        .group_by(Event.lead_id, Lead.created_at)
    )


async def percentiles(session: AsyncSession, name: str, durations: AnySelect) -> Speed:
    """The median and 90th percentile (nearest rank) of the durations, in SQL."""
    spans = durations.subquery("spans")
    ranked = (
        select(
            spans.c.seconds,
            func.row_number().over(order_by=spans.c.seconds).label("rank"),
            func.count().over().label("n"),
        )
        .where(spans.c.seconds >= 0)
        .subquery("ranked")
    )
    # ceil(n * p) in integer arithmetic, the same on both engines.
    at_median, at_p90 = (ranked.c.n * 50 + 99) // 100, (ranked.c.n * 90 + 99) // 100
    rows = await session.execute(
        select(ranked.c.rank, ranked.c.n, ranked.c.seconds).where(
            or_(ranked.c.rank == at_median, ranked.c.rank == at_p90)
        )
    )
    found = {rank: (n, seconds) for rank, n, seconds in rows}
    if not found:
        return Speed(name, 0, None, None)
    n = next(iter(found.values()))[0]
    return Speed(name, n, found[(n * 50 + 99) // 100][1], found[(n * 90 + 99) // 100][1])


async def speeds(session: AsyncSession, window: Window) -> list[Speed]:
    """All four, in the order a lead meets them."""
    queries = {
        "first_reply": first_reply(window),
        "to_sales_ready": to_sales_ready(window),
        "to_acceptance": to_acceptance(window),
        "to_meeting": to_meeting(window),
    }
    return [await percentiles(session, name, query) for name, query in queries.items()]
