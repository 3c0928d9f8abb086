"""One chat's updates one at a time across instances: a PostgreSQL advisory lock per chat.

The lock is transaction-scoped, so it ends with the update's commit or rollback and a
crashed instance never leaves it behind. On SQLite one process owns the database, and the
ingress's in-process lock per chat (bot/ingress/chat_locks.py) is all there is to do.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


async def lock_chat(session: AsyncSession, chat_id: int) -> None:
    """Wait until no other transaction works on `chat_id`, then hold it until this one ends."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(chat_id)))
