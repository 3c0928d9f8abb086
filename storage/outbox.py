"""Writing to the outbox: a message leaves only after the transaction that caused it commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus
from storage.models import Outbox

# session.info key: the rows this transaction wrote, so the update's middleware sends them
# right after the commit instead of waiting for the worker.
WRITTEN = "outbox"
NOTICE = "telegram"  # a Notice rendered at delivery
REQUEST = "request"  # a Bot API call, kept as {"method": ..., "params": {...}}


class Payload(Protocol):
    """What the outbox keeps of a message (bot.qualify.plan.Notice): JSON the edge renders."""

    def to_payload(self) -> dict[str, Any]: ...


def enqueue(
    session: AsyncSession, *, lead_id: int, chat_id: int, notice: Payload, now: datetime
) -> None:
    """Write a notice to the outbox; it is rendered and sent once the transaction commits."""
    _add(session, NOTICE, lead_id, chat_id, notice.to_payload(), now)


def enqueue_request(
    session: AsyncSession, *, chat_id: int, method: str, params: dict[str, Any], now: datetime
) -> None:
    """Write a Bot API call (e.g. a reply) to the outbox; it is made once the transaction
    commits, so a failed or crashed send is retried and a redelivered update adds nothing."""
    _add(session, REQUEST, None, chat_id, {"method": method, "params": params}, now)


def written(session: AsyncSession) -> list[int]:
    """Ids of the outbox rows this session's committed transaction wrote, in order."""
    rows: list[Outbox] = session.info.get(WRITTEN, [])
    return [row.id for row in rows]


async def forget_sent(session: AsyncSession, row_id: int) -> None:
    """Delete a request row once Telegram took it: it quotes the chat, and nothing reads it."""
    row = await session.get(Outbox, row_id)
    if row is not None:
        await session.delete(row)


def _add(
    session: AsyncSession,
    kind: str,
    lead_id: int | None,
    chat_id: int,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    row = Outbox(
        kind=kind,
        lead_id=lead_id,
        chat_id=chat_id,
        text="",
        buttons=[],
        payload=payload,
        status=DeliveryStatus.PENDING,
        attempts=0,
        due_at=now,
        created_at=now,
    )
    session.add(row)
    session.info.setdefault(WRITTEN, []).append(row)


async def cancel_unsent(session: AsyncSession, *, lead_id: int, note: str) -> None:
    """Drop every message about a lead that has not gone out yet (a claimed one is in flight
    and cannot be called back)."""
    await session.execute(
        update(Outbox)
        .where(Outbox.lead_id == lead_id, Outbox.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CANCELLED, note=note)
    )
