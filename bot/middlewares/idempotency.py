"""Skip an update that was handled already (Telegram redelivers after timeouts and restarts)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot.qualify.clock import Clock
from storage.updates import claim_update

log = logging.getLogger(__name__)


class IdempotencyMiddleware(BaseMiddleware):
    """Records the update id in the handler's own transaction, so effects and mark go together."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            claimed = await claim_update(
                data["session"], update_id=event.update_id, now=self._clock()
            )
            if not claimed:
                log.info("update %s was handled before; skipped", event.update_id)
                return UNHANDLED
        return await handler(event, data)
