"""Idempotency: which Telegram updates have been handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate


async def claim_update(session: AsyncSession, *, update_id: int, now: datetime) -> bool:
    """Mark an update as handled in this transaction; False if it already was."""
    if await session.get(ProcessedUpdate, update_id) is not None:
        return False
    session.add(ProcessedUpdate(update_id=update_id, processed_at=now))
    # The chat's lock is held already (storage/locks.py); an update without a chat that two
    # instances take at once waits here for the other's commit, then fails and is retried.
    await session.flush()
    return True


async def prune_processed(session: AsyncSession, *, before: datetime) -> int:
    """Forget update ids handled before `before` (long after Telegram stops redelivering)."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def next_update_id(session: AsyncSession) -> int:
    """An update id above every one handled so far (for the local console, whose updates
    must never look like ones handled in an earlier run)."""
    highest = await session.scalar(select(func.max(ProcessedUpdate.update_id)))
    return int(highest or 0) + 1
