"""Error boundary: a failing handler costs the prospect one polite message, nothing more."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update

from bot.content.catalog import Content

log = logging.getLogger(__name__)


class ErrorBoundaryMiddleware(BaseMiddleware):
    """Log the exception with the update id and apologise in the prospect's language."""

    def __init__(self, content: Callable[[], Content]) -> None:
        self._content = content

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except Exception:
            update_id = event.update_id if isinstance(event, Update) else None
            log.exception("update %s failed", update_id)
            await self._apologise(data)
            return None

    async def _apologise(self, data: dict[str, Any]) -> None:
        chat = data.get("event_chat")
        bot: Bot | None = data.get("bot")
        if chat is None or bot is None:
            return
        user = data.get("event_from_user")
        code = (user.language_code or "") if user is not None else ""
        locale = "de" if code.startswith("de") else "en"
        try:
            await bot.send_message(chat.id, self._content().texts.get(locale, "errors.internal"))
        except Exception:
            log.exception("could not send the apology for a failed update")
