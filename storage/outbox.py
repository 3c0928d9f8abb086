"""Writing to the outbox: a message leaves only after the transaction that caused it commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus
from storage.models import Outbox

# Set on the session when a row is written, so the update's middleware delivers right away.
WRITTEN = "outbox"


class Payload(Protocol):
    """What the outbox keeps of a message (bot.qualify.plan.Notice): JSON the edge renders."""

    def to_payload(self) -> dict[str, Any]: ...


def enqueue(
    session: AsyncSession, *, lead_id: int, chat_id: int, notice: Payload, now: datetime
) -> None:
    """Write a notice to the outbox; it is rendered and sent once the transaction commits."""
    session.add(
        Outbox(
            kind="telegram",
            lead_id=lead_id,
            chat_id=chat_id,
            text="",
            buttons=[],
            payload=notice.to_payload(),
            status=DeliveryStatus.PENDING,
            attempts=0,
            due_at=now,
            created_at=now,
        )
    )
    session.info[WRITTEN] = True


async def cancel_unsent(session: AsyncSession, *, lead_id: int, note: str) -> None:
    """Drop every message about a lead that has not gone out yet (a claimed one is in flight
    and cannot be called back)."""
    await session.execute(
        update(Outbox)
        .where(Outbox.lead_id == lead_id, Outbox.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CANCELLED, note=note)
    )
