"""Idempotency: which Telegram updates have been handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate


async def claim_update(session: AsyncSession, *, update_id: int, now: datetime) -> bool:
    """Mark an update as handled in this transaction; False if it already was."""
    if await session.get(ProcessedUpdate, update_id) is not None:
        return False
    session.add(ProcessedUpdate(update_id=update_id, processed_at=now))
    # Flushing takes the row lock now, so a second instance waits here instead of double-sending.
    await session.flush()
    return True
