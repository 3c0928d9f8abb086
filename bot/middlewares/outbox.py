"""Send what an update wrote to the outbox right after its transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class OutboxMiddleware(BaseMiddleware):
    """A rep hears of a sales-ready lead within the same update, not at the next poll.

    If this delivery fails, the scheduled worker retries; nothing is lost either way.
    """

    def __init__(self, deliver: Callable[[Bot], Awaitable[object]]) -> None:
        self._deliver = deliver

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
                await self._deliver(bot)
            except Exception:
                log.exception("immediate outbox delivery failed; the worker will retry")
        return result
