"""Load the lead behind a prospect's private chat, creating it with nothing but ids and language.

Registered on the prospect routers only, behind the IsProspect filter (bot/dialogs/__init__.py):
reps and admins never reach it, so they never become leads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, User

from bot.qualify.clock import Clock
from bot.qualify.consent import may_store_personal_data
from storage.leads import get_or_create_lead, keep_names


class LeadMiddleware(BaseMiddleware):
    """Puts `lead`, `previous_seen_at` and the lead's `locale` into the handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User = data["event_from_user"]
        chat: Chat = data["event_chat"]
        clock: Clock = data["clock"]
        now = clock()
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
            keep_names(lead, user.first_name, user.last_name, user.username)
        data["lead"] = lead
        data["locale"] = lead.language
        return await handler(event, data)
