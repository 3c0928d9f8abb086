"""Give each update the content that is current when it arrives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.content.store import ContentStore


class ContentMiddleware(BaseMiddleware):
    """Puts `content` into the handler data, so a reload takes effect on the next update."""

    def __init__(self, store: ContentStore) -> None:
        self._store = store

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["content"] = self._store.current
        return await handler(event, data)
