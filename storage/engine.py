"""Async engine and session factory for SQLite (embedded default) and PostgreSQL.

SQLite has one writer per database. Rather than letting our own coroutines queue inside
SQLite's busy handler (where a snapshot taken before another writer's commit fails at once
with "database is locked"), every session of a process on SQLite waits its turn at one
asyncio gate; the busy timeout and `is_transient` then only cover other processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

# Set in a connection's info by an erasure; the connection checkpoints the WAL when returned.
CHECKPOINT_ON_RETURN = "leadbot_checkpoint"
# SQLSTATEs worth trying again: serialization failure, deadlock, lock not available.
_RETRY_STATES = {"40001", "40P01", "55P03"}


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An engine for `url`; SQLite gets WAL, foreign keys, a busy timeout, secure deletion
    and a WAL checkpoint after an erasure; every pool checks a connection before use, so a
    database restart costs no message."""
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine.pool, "checkin", _checkpoint_after_erasure)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writes; foreign keys make erasure cascade.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # In WAL, NORMAL skips the fsync per commit and still survives any process crash (only
    # a power cut may lose the last commits): it narrows the moment between Telegram taking
    # a message and the commit that records it, where a crash would send it again.
    cursor.execute("PRAGMA synchronous=NORMAL")
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


class Gate:
    """A lock a task may take again while it holds it (a session opened inside another)."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    async def acquire(self) -> None:
        task = asyncio.current_task()
        if self._owner is not task or task is None:
            await self._lock.acquire()
            self._owner = task
        self._depth += 1

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


class GatedSession(AsyncSession):
    """A session that holds its engine's gate from `async with` to the end of the block."""

    def __init__(self, *args: Any, gate: Gate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gate = gate

    async def __aenter__(self) -> GatedSession:
        await self._gate.acquire()
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self.close()
        finally:
            self._gate.release()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded rows usable after commit; gated on SQLite."""
    if engine.dialect.name == "sqlite":
        return async_sessionmaker(engine, expire_on_commit=False, class_=GatedSession, gate=Gate())
    return async_sessionmaker(engine, expire_on_commit=False)


def is_transient(error: BaseException) -> bool:
    """A database error that goes away when the transaction is tried again."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    text = str(error.orig).lower()
    if "database is locked" in text or "database is busy" in text:
        return True
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return state in _RETRY_STATES


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
