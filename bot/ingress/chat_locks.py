"""Updates of one chat one at a time in this process; different chats in parallel.

Across instances the same holds through a PostgreSQL advisory lock in the update's
transaction (storage/locks.py); this lock keeps a process's own updates of a chat in the
order they arrived, which the advisory lock alone does not promise.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update


def chat_of(update: Update) -> int | None:
    """The chat an update belongs to, if any."""
    return UserContextMiddleware.resolve_event_context(update).chat_id


class ChatLocks:
    """One FIFO lock per chat, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, chat_id: int | None) -> AsyncIterator[None]:
        """Wait for the chat's turn (asyncio.Lock wakes waiters in arrival order)."""
        if chat_id is None:
            yield
            return
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users == 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
