"""Async engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Set in a connection's info by an erasure; the connection checkpoints the WAL when returned.
CHECKPOINT_ON_RETURN = "leadbot_checkpoint"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout, secure deletion
    and a WAL checkpoint after an erasure."""
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine.pool, "checkin", _checkpoint_after_erasure)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the scheduler read while a handler writes; foreign keys make erasure cascade.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows are overwritten with zeros, so an erased person is not left in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _checkpoint_after_erasure(dbapi_connection: Any, record: Any) -> None:
    """Copy the WAL into the database and truncate it, so erased text leaves the -wal file."""
    if dbapi_connection is None or not record.info.pop(CHECKPOINT_ON_RETURN, False):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded rows usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def migrated_sessions(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database brought up to date first; the engine is closed afterwards."""
    from storage.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()
