"""Handover rows: opened, waiting for a rep, accepted; and the leads a rep holds."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import OPEN_HANDOVER, HandoverStatus
from storage.models import Handover, Lead


async def create_handover(
    session: AsyncSession, *, lead_id: int, reason: str, now: datetime
) -> Handover:
    """A new handover, waiting for a rep, with its id assigned."""
    handover = Handover(
        lead_id=lead_id, reason=reason, status=HandoverStatus.PENDING, created_at=now
    )
    session.add(handover)
    await session.flush()
    return handover


async def get_handover(session: AsyncSession, handover_id: int) -> Handover | None:
    """The handover with this id, if any."""
    return await session.get(Handover, handover_id)


async def has_waiting_handover(session: AsyncSession, lead_id: int) -> bool:
    """Whether the lead already waits for a person."""
    found = await session.scalar(
        select(Handover.id).where(Handover.lead_id == lead_id, Handover.status.in_(OPEN_HANDOVER))
    )
    return found is not None


async def lead_handovers(
    session: AsyncSession, lead_id: int, statuses: Collection[str]
) -> list[Handover]:
    """The lead's handovers in one of `statuses`, oldest first."""
    return list(
        await session.scalars(
            select(Handover)
            .where(Handover.lead_id == lead_id, Handover.status.in_(list(statuses)))
            .order_by(Handover.id)
        )
    )


async def waiting_handovers(session: AsyncSession) -> list[Handover]:
    """Every handover nobody has accepted yet."""
    return list(await session.scalars(select(Handover).where(Handover.status.in_(OPEN_HANDOVER))))


async def latest_accepted(session: AsyncSession, lead_id: int) -> Handover | None:
    """The newest accepted handover of a lead."""
    return await session.scalar(
        select(Handover)
        .where(Handover.lead_id == lead_id, Handover.status == HandoverStatus.ACCEPTED)
        .order_by(Handover.id.desc())
    )


async def accepted_leads(
    session: AsyncSession, *, rep_id: int, lifecycles: Collection[str]
) -> list[Lead]:
    """The leads a rep accepted that are still in one of `lifecycles`, oldest first."""
    return list(
        await session.scalars(
            select(Lead)
            .join(Handover, Handover.lead_id == Lead.id)
            .where(
                Handover.rep_id == rep_id,
                Handover.status == HandoverStatus.ACCEPTED,
                Lead.lifecycle.in_(list(lifecycles)),
            )
            .order_by(Lead.id)
        )
    )
