"""One database session per update: committed when the handler succeeds, else rolled back.

Inside the transaction the chat is locked across instances (storage/locks.py) and whatever
the handler sends goes to the outbox (send_on_commit.py). A busy database (SQLite's lock
held by another process, a PostgreSQL deadlock or lost connection) is not the prospect's
problem: the whole update is tried again after a pause, and never answered with an apology.
At most `connections` updates hold a session at once; the others wait their turn here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.send_on_commit import install, sending_on_commit
from bot.qualify.clock import Clock
from storage.engine import is_transient
from storage.locks import lock_chat
from storage.outbox import written

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DatabaseSessionMiddleware(BaseMiddleware):
    """Hands the handler `session` and commits everything it did in one transaction."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        attempts: int = 8,
        pause: float = 0.05,
        connections: int = 10,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._attempts = attempts
        self._pause = pause
        # Updates hold at most this many connections at once (the pool's size): more
        # updates in flight queue here, not in the pool, where waiting ends in a timeout
        # error; the jobs' short sessions always find a connection in the overflow.
        self._connections = asyncio.Semaphore(connections)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot | None = data.get("bot")
        if bot is not None:
            install(bot)
        for attempt in range(1, self._attempts + 1):
            try:
                async with self._connections:
                    return await self._once(handler, event, data)
            except Exception as error:
                if not is_transient(error) or attempt == self._attempts:
                    raise
                log.warning("database busy (attempt %s), the update is tried again", attempt)
                await asyncio.sleep(self._pause * 2**attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _once(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        async with self._sessionmaker() as session:
            data["session"] = session
            if chat is not None:
                await lock_chat(session, chat.id)
            with sending_on_commit(session, chat_id=chat.id if chat else 0, now=self._clock()):
                try:
                    result = await handler(event, data)
                except TelegramAPIError:
                    # A call that is not deferred (e.g. a document) failed: the prospect's
                    # input and its effects are kept; the error boundary logs it.
                    await session.commit()
                    raise
            await session.commit()
            # Tells the outbox middleware which messages this update wrote, to send now.
            data["outbox_written"] = written(session)
            return result
