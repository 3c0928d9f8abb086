"""Inserting a row that a unique key allows only once: of two racing writers, one lands and
the other's insert does nothing (it waits for the first to commit on PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Base, SlaStep


async def insert_once(session: AsyncSession, model: type[Base], values: dict[str, Any]) -> bool:
    """Insert one row unless a unique key already holds it; True if this insert landed."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(values).on_conflict_do_nothing()
    result: Any = await session.execute(statement)
    return bool(result.rowcount == 1)


async def take_sla_step(
    session: AsyncSession, *, handover_id: int, stage: str, now: datetime
) -> bool:
    """Claim one deadline step of a handover; False if another run took it already."""
    values = {"handover_id": handover_id, "stage": stage, "taken_at": now}
    return await insert_once(session, SlaStep, values)
