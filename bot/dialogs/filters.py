"""Async filters that check and inject; aiogram runs synchronous ones (magic F included)
in a thread per update, so every filter here is a coroutine.

A filter that returns a dict adds it to what the handler (and later filters) receive:
`IsRep` hands over the `rep`, `ConsentedLead` the `lead`, `InTakeover` the `prospect`.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Chat, Message, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogs.callbacks import QualifyCallback
from bot.qualify import rep_desk
from bot.qualify.consent import ConsentState
from bot.settings import Settings
from storage.leads import find_lead
from storage.models import Lead
from storage.rep_queries import find_rep


async def has_text(message: Message) -> bool:
    """A message with text (not a command)."""
    return message.text is not None and not message.text.startswith("/")


async def is_command(message: Message) -> bool:
    """Text that starts like a command."""
    return message.text is not None and message.text.startswith("/")


class IsAdmin(Filter):
    """The sender is named in LEADBOT_ADMIN_IDS."""

    async def __call__(
        self, event: Any, settings: Settings, event_from_user: User | None = None
    ) -> bool:
        return event_from_user is not None and event_from_user.id in settings.admin_ids


class IsRep(Filter):
    """The sender is a registered rep; injects `rep`."""

    async def __call__(
        self, event: Any, session: AsyncSession, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        rep = await find_rep(session, telegram_user_id=event_from_user.id)
        return False if rep is None else {"rep": rep}


class IsProspect(Filter):
    """A person in a private chat who is neither a rep nor an admin: only they become leads."""

    async def __call__(
        self,
        event: Any,
        session: AsyncSession,
        settings: Settings,
        event_from_user: User | None = None,
        event_chat: Chat | None = None,
    ) -> bool:
        user, chat = event_from_user, event_chat
        if user is None or user.is_bot or chat is None or chat.type != "private":
            return False
        if user.id in settings.admin_ids:
            return False
        return await find_rep(session, telegram_user_id=user.id) is None


class ConsentedLead(Filter):
    """The sender is a lead with standing consent; injects `lead` (found if not loaded yet)."""

    async def __call__(
        self,
        event: Any,
        session: AsyncSession,
        lead: Lead | None = None,
        event_from_user: User | None = None,
    ) -> bool | dict[str, Any]:
        if lead is None and event_from_user is not None:
            lead = await find_lead(session, telegram_user_id=event_from_user.id)
        if lead is None or lead.consent_state != ConsentState.GRANTED:
            return False
        return {"lead": lead}


class InTakeover(Filter):
    """The sender is a rep talking to a prospect in person; injects that `prospect` lead."""

    async def __call__(
        self, event: Any, session: AsyncSession, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        # Only a rep takes a chat over; asking that first (remembered for IsProspect) spares
        # every prospect's message the takeover query.
        if await find_rep(session, telegram_user_id=event_from_user.id) is None:
            return False
        prospect = await rep_desk.taken_over_lead(session, event_from_user.id)
        return False if prospect is None else {"prospect": prospect}


class CallbackPrefix(Filter):
    """Callback data of one kind by its prefix, also when it does not unpack (forged)."""

    def __init__(self, kind: type[CallbackData]) -> None:
        self._prefix = kind.__prefix__ + kind.__separator__

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(self._prefix)


async def answers_open_question(
    query: CallbackQuery, callback_data: QualifyCallback, lead: Lead
) -> bool:
    """An answer or skip for the question the lead is on (a qualification question, or the
    contact details asked after a handover), not an older one."""
    return callback_data.slot in (lead.dialog_step, (lead.dialog_state or {}).get("contact"))


async def confirms_pending_fact(
    query: CallbackQuery, callback_data: QualifyCallback, lead: Lead
) -> bool:
    """Yes or no to the reading the bot asked about last, not an older one."""
    return bool((lead.dialog_state or {}).get("confirm") == callback_data.slot)
