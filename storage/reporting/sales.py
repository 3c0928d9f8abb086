"""What happens once sales has a lead: reps answering in time, and leads they turn down."""

from __future__ import annotations

from sqlalchemy import Integer, cast, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Handover, Rep
from storage.reporting.rows import GreenBananas, RepSla, Window
from storage.reporting.sql import AnySelect, pairs, restrict

_DECIDED = ("accepted", "rejected")
# Handovers of leads that a rep decided: not a customer's request passed to the support chat.
_LEADS_FOR_REPS = (Handover.rep_id.is_not(None), Handover.reason != "customer")


def _missed_offers(dialect: str) -> AnySelect:
    """Per rep: offers that ran out of SLA time, read from each handover's list of reps
    tried before (a JSON array, unpacked by each engine's own table function)."""
    if dialect == "postgresql":
        tried = func.json_array_elements_text(Handover.tried_rep_ids).table_valued("value")
    else:
        tried = func.json_each(Handover.tried_rep_ids).table_valued("value")
    rep_id = cast(tried.c.value, Integer)
    return (
        select(rep_id.label("rep_id"), func.count().label("missed"))
        .select_from(Handover)
        .join(tried, true())
        .group_by(rep_id)
    )


async def rep_sla(session: AsyncSession, window: Window) -> list[RepSla]:
    """Per rep, and overall as rep "": offers decided in time against offers that ran out
    (a rep who decided was in time: when the SLA runs out the offer moves to the next rep)."""
    in_time = await pairs(
        session,
        restrict(select(Handover.rep_id, func.count()), Handover.lead_id, window)
        .where(Handover.status.in_(_DECIDED), Handover.rep_id.is_not(None))
        .group_by(Handover.rep_id),
    )
    missed_query = restrict(
        _missed_offers(session.get_bind().dialect.name), Handover.lead_id, window
    )
    missed = await pairs(session, missed_query)
    names = await pairs(session, select(Rep.id, Rep.name))
    rows = [
        _sla(names.get(rep, f"rep {rep}"), in_time.get(rep, 0), missed.get(rep, 0))
        for rep in sorted(set(in_time) | set(missed), key=lambda r: names.get(r, ""))
    ]
    total = _sla("", sum(in_time.values()), sum(missed.values()))
    return [total, *rows]


def _sla(rep: str, in_time: int, missed: int) -> RepSla:
    offers = in_time + missed
    return RepSla(rep, in_time, missed, in_time / offers if offers else None)


async def green_bananas(session: AsyncSession, window: Window) -> GreenBananas:
    """Leads' handovers reps rejected, of those they accepted or rejected, and the reasons
    given (customers' requests are no leads and are left out)."""
    rows = await session.execute(
        restrict(
            select(Handover.status, Handover.decision_note, func.count()),
            Handover.lead_id,
            window,
        )
        .where(Handover.status.in_(_DECIDED), *_LEADS_FOR_REPS)
        .group_by(Handover.status, Handover.decision_note)
    )
    decided, by_reason = 0, []
    for status, note, count in rows:
        decided += count
        if status == "rejected":
            by_reason.append((note or "", count))
    by_reason.sort(key=lambda pair: (-pair[1], pair[0]))
    rejected = sum(count for _, count in by_reason)
    return GreenBananas(decided, rejected, rejected / decided if decided else None, by_reason)
