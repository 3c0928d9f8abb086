"""Handovers as operators see them: who waits for whom since when, for `leadbot handovers
list` and an admin's /handovers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Handover, Lead, Rep


@dataclass(frozen=True)
class HandoverLine:
    """One handover with its lead and rep, as plain data."""

    id: int
    lead_id: int
    lead_name: str
    reason: str
    status: str
    rep: str | None
    since: datetime


async def handover_lines(
    session: AsyncSession, statuses: Collection[str], *, limit: int = 200
) -> list[HandoverLine]:
    """Handovers in one of `statuses` (all when empty), the longest waiting first."""
    query = (
        select(Handover, Lead.first_name, Lead.last_name, Lead.username, Rep.name)
        .join(Lead, Lead.id == Handover.lead_id)
        .outerjoin(Rep, Rep.id == Handover.rep_id)
        .order_by(Handover.created_at, Handover.id)
        .limit(limit)
    )
    if statuses:
        query = query.where(Handover.status.in_(list(statuses)))
    lines = []
    for handover, first, last, username, rep in await session.execute(query):
        name = " ".join(part for part in (first, last) if part) or (
            f"@{username}" if username else "?"
        )
        since = handover.escalated_at or handover.offered_at or handover.created_at
        lines.append(
            HandoverLine(
                handover.id, handover.lead_id, name, handover.reason, handover.status, rep, since
            )
        )
    return lines
