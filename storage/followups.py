"""Planned follow-ups: scheduling, cancelling, and what was sent lately."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus, FollowUpKind
from storage.models import Lead, ScheduledMessage
from storage.once import insert_once


async def schedule(
    session: AsyncSession, *, lead_id: int, kind: FollowUpKind, ref: str, due_at: datetime
) -> bool:
    """Add one follow-up, due at `due_at`; False if this step or campaign was planned for the
    lead already (by a racing planner, too: a unique index decides)."""
    values = {
        "lead_id": lead_id,
        "kind": kind,
        "ref": ref,
        "status": DeliveryStatus.PENDING,
        "attempts": 0,
        "due_at": due_at,
    }
    return await insert_once(session, ScheduledMessage, values)


async def cancel_pending(
    session: AsyncSession,
    *,
    lead_id: int,
    note: str,
    kind: FollowUpKind | None = None,
    keep_prefix: str | None = None,
) -> None:
    """Cancel the lead's pending follow-ups: all, or those of `kind`, except refs that start
    with `keep_prefix`."""
    conditions: list[ColumnElement[bool]] = [
        ScheduledMessage.lead_id == lead_id,
        ScheduledMessage.status == DeliveryStatus.PENDING,
    ]
    if kind is not None:
        conditions.append(ScheduledMessage.kind == kind)
    if keep_prefix is not None:
        conditions.append(~ScheduledMessage.ref.startswith(keep_prefix))
    await session.execute(
        update(ScheduledMessage)
        .where(*conditions)
        .values(status=DeliveryStatus.CANCELLED, note=note)
    )


async def refs_starting_with(session: AsyncSession, *, lead_id: int, prefix: str) -> set[str]:
    """The refs of every follow-up of the lead (any status) that start with `prefix`."""
    return set(
        await session.scalars(
            select(ScheduledMessage.ref).where(
                ScheduledMessage.lead_id == lead_id, ScheduledMessage.ref.startswith(prefix)
            )
        )
    )


async def sent_since(session: AsyncSession, *, lead_id: int, since: datetime) -> list[datetime]:
    """When the lead's follow-ups sent after `since` went out, oldest first."""
    sent = await session.scalars(
        select(ScheduledMessage.sent_at)
        .where(
            ScheduledMessage.lead_id == lead_id,
            ScheduledMessage.status == DeliveryStatus.SENT,
            ScheduledMessage.sent_at > since,
        )
        .order_by(ScheduledMessage.sent_at)
    )
    return [moment for moment in sent if moment is not None]


async def campaign_audience(
    session: AsyncSession,
    *,
    ref: str,
    consent_state: str,
    lifecycles: Collection[str],
    stages: Collection[str],
    personas: Collection[str] | None,
) -> list[Lead]:
    """Leads who may get marketing, in one of `stages` (and `personas`, unless None), and
    have no follow-up `ref` yet."""
    already = (
        select(ScheduledMessage.id)
        .where(ScheduledMessage.lead_id == Lead.id, ScheduledMessage.ref == ref)
        .exists()
    )
    query = select(Lead).where(
        Lead.consent_state == consent_state,
        Lead.marketing_allowed.is_(True),
        Lead.lifecycle.in_(list(lifecycles)),
        Lead.stage.in_(list(stages)),
        ~already,
    )
    if personas is not None:
        query = query.where(Lead.persona.in_(list(personas)))
    return list(await session.scalars(query))
