"""What the workers look up and change when Telegram says a chat cannot be reached."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus, HandoverStatus
from storage.models import Handover, Lead, Outbox, Rep


async def rep_of_chat(session: AsyncSession, chat_id: int) -> Rep | None:
    """The rep whose private chat this is, if any."""
    return await session.scalar(select(Rep).where(Rep.telegram_user_id == chat_id))


async def lead_of_chat(session: AsyncSession, chat_id: int) -> Lead | None:
    """The lead whose chat this is, if any."""
    return await session.scalar(select(Lead).where(Lead.chat_id == chat_id).limit(1))


async def offered_to(session: AsyncSession, rep_id: int) -> list[Handover]:
    """The handovers waiting for this rep's decision, oldest first."""
    query = select(Handover).where(
        Handover.rep_id == rep_id, Handover.status == HandoverStatus.OFFERED
    )
    return list(await session.scalars(query.order_by(Handover.id)))


async def cancel_chat_outbox(session: AsyncSession, chat_id: int, note: str) -> None:
    """Drop every message to this chat that has not gone out yet, replies included."""
    await session.execute(
        update(Outbox)
        .where(Outbox.chat_id == chat_id, Outbox.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.CANCELLED, note=note)
    )
