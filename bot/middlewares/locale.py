"""The language to answer in before any lead is known: the one Telegram reports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.settings import Settings


def locale_for(language_code: str | None, default: str) -> str:
    """German for any German Telegram locale, English for every other one we don't speak."""
    code = (language_code or "").lower()
    if code.startswith("de"):
        return "de"
    if code.startswith("en"):
        return "en"
    return default if not code else "en"


class LocaleMiddleware(BaseMiddleware):
    """Puts `locale` into the handler data; the lead loader replaces it with the lead's own."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        settings: Settings = data["settings"]
        data["locale"] = locale_for(
            user.language_code if user else None, settings.default_language
        )
        return await handler(event, data)
