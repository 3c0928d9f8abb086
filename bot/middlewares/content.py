"""Give each update the content that is current when it arrives, and the dialog over it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.content.store import ContentStore
from bot.qualify.booking.policy import BookingPolicy
from bot.qualify.desk import sla_policy
from bot.qualify.qualification import Qualifier
from bot.settings import Settings


class ContentMiddleware(BaseMiddleware):
    """Puts `content` and its `qualifier` into the handler data: a reload takes effect on
    the next update, and an update never sees two versions."""

    def __init__(self, store: ContentStore) -> None:
        self._store = store

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        content = self._store.current
        settings: Settings = data["settings"]
        data["content"] = content
        data["qualifier"] = Qualifier(
            content,
            {"de": settings.spacy_model_de, "en": settings.spacy_model_en},
            support_chat_id=settings.support_chat_id,
            policy=sla_policy(settings),
            booking=BookingPolicy.from_settings(settings),
        )
        return await handler(event, data)
