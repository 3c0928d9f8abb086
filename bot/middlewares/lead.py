"""Load the lead behind a private chat, creating it with nothing but ids and language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.qualify.clock import Clock
from bot.qualify.consent import may_store_personal_data
from storage.leads import get_or_create_lead


def locale_for(language_code: str | None, default: str) -> str:
    """German for any German Telegram locale, English for every other one we don't speak."""
    code = (language_code or "").lower()
    if code.startswith("de"):
        return "de"
    if code.startswith("en"):
        return "en"
    return default if not code else "en"


class LeadMiddleware(BaseMiddleware):
    """Puts `lead` and `locale` into the handler data for private chats."""

    def __init__(self, clock: Clock, default_language: str) -> None:
        self._clock = clock
        self._default_language = default_language

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        chat = data.get("event_chat")
        data["lead"] = None
        data["previous_seen_at"] = None
        data["locale"] = locale_for(user.language_code if user else None, self._default_language)
        if user is not None and chat is not None and chat.type == "private" and not user.is_bot:
            now = self._clock()
            lead = await get_or_create_lead(
                data["session"],
                telegram_user_id=user.id,
                chat_id=chat.id,
                language=data["locale"],
                now=now,
            )
            data["previous_seen_at"] = lead.last_seen_at
            lead.last_seen_at = now
            if may_store_personal_data(lead.consent_state):
                # Names change; with consent we keep the current ones.
                lead.first_name = user.first_name
                lead.last_name = user.last_name
                lead.username = user.username
            data["lead"] = lead
            data["locale"] = lead.language
        return await handler(event, data)
