"""Claiming due work so that two instances never do the same row twice.

A row is claimed by an UPDATE that only succeeds while its status is still `pending`; the
RETURNING clause tells each worker which rows it won. A claim older than `stale` belongs
to a worker that died, and goes back to pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession


async def claim_due(
    session: AsyncSession, model: Any, now: datetime, *, batch: int, stale: timedelta
) -> list[int]:
    """Ids of up to `batch` due rows of `model` (status, due_at, claimed_at), now claimed."""
    await session.execute(
        update(model)
        .where(model.status == "claimed", model.claimed_at < now - stale)
        .values(status="pending", note="claim expired; the worker stopped mid-way")
    )
    due = (
        select(model.id)
        .where(model.status == "pending", model.due_at <= now)
        .order_by(model.due_at, model.id)
        .limit(batch)
    )
    claimed = await session.scalars(
        update(model)
        .where(model.id.in_(due), model.status == "pending")
        .values(status="claimed", claimed_at=now)
        .returning(model.id)
    )
    return sorted(claimed)
