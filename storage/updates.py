"""Idempotency: which Telegram updates have been handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate


async def claim_update(session: AsyncSession, *, update_id: int, now: datetime) -> bool:
    """Mark an update as handled in this transaction; False if it already was.

    One statement: the insert is skipped when the id is there (both dialects know
    ON CONFLICT DO NOTHING), and RETURNING says whether it was."""
    dialect = session.bind.dialect.name if session.bind is not None else ""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # The chat's lock is held already (storage/locks.py); an update without a chat that two
    # instances take at once waits here for the other's commit, then is skipped.
    inserted = await session.scalar(
        insert(ProcessedUpdate)
        .values(update_id=update_id, processed_at=now)
        .on_conflict_do_nothing(index_elements=[ProcessedUpdate.update_id])
        .returning(ProcessedUpdate.update_id)
    )
    return inserted is not None


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
