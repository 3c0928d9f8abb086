"""Send what an update wrote to the outbox right after its transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class OutboxMiddleware(BaseMiddleware):
    """The prospect reads the reply, and a rep the card, within the same update, not at the
    worker's next round. If this delivery fails, the worker retries; nothing is lost."""

    def __init__(self, deliver: Callable[[Bot, list[int]], Awaitable[object]]) -> None:
        self._deliver = deliver

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        result = await handler(event, data)
        bot: Bot | None = data.get("bot")
        ids: list[int] = data.get("outbox_written") or []
        if ids and bot is not None:
            try:
                await self._deliver(bot, ids)
            except Exception:
                log.exception("immediate outbox delivery failed; the worker will retry")
        return result
