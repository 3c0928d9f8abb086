"""Send what an update wrote to the outbox right after its transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import deliver
from bot.qualify.clock import Clock

log = logging.getLogger(__name__)


class OutboxMiddleware(BaseMiddleware):
    """A rep hears of a sales-ready lead within the same update, not at the next poll.

    If this delivery fails, the scheduled worker retries; nothing is lost either way.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        result = await handler(event, data)
        bot: Bot | None = data.get("bot")
        if data.get("outbox_written") and bot is not None:
            try:
                await deliver(self._sessionmaker, bot, self._clock, data["content_store"])
            except Exception:
                log.exception("immediate outbox delivery failed; the worker will retry")
        return result
