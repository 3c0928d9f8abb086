"""The apology: a failing update costs the person one polite message, nothing more.

aiogram's own error middleware, outermost of all, hands any exception here after the
update's transaction was rolled back (or, for a failed send to Telegram, committed).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.types import Chat, ErrorEvent, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.middlewares.locale import locale_for
from bot.settings import Settings
from storage.engine import is_transient
from storage.leads import find_lead

log = logging.getLogger(__name__)


async def _locale(
    sessionmaker: async_sessionmaker[AsyncSession], user: User | None, default: str
) -> str:
    """The lead's language as stored, else the one Telegram reports."""
    fallback = locale_for(user.language_code if user else None, default)
    if user is None:
        return fallback
    try:
        # The update's own session is gone with its transaction: read what was committed.
        async with sessionmaker() as session:
            lead = await find_lead(session, telegram_user_id=user.id)
    except Exception:
        log.exception("could not read the lead's language for the apology")
        return fallback
    return lead.language if lead is not None else fallback


async def apologise(
    event: ErrorEvent,
    bot: Bot,
    content_store: ContentStore,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    event_chat: Chat | None = None,
    event_from_user: User | None = None,
) -> None:
    """Log the exception with the update id and apologise in the lead's language."""
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    if event_chat is None:
        return
    locale = await _locale(sessionmaker, event_from_user, settings.default_language)
    try:
        text = content_store.current.texts.get(locale, "errors.internal")
        await bot.send_message(event_chat.id, text)
    except Exception:
        log.exception("could not send the apology for a failed update")


async def not_a_busy_database(event: ErrorEvent) -> bool:
    """A busy or unreachable database is no failure of the update: it is left unhandled,
    so the ingress does not acknowledge it and Telegram's redelivery tries it again."""
    return not is_transient(event.exception)


def create_router() -> Router:
    """The error router."""
    router = Router(name=__name__)
    router.errors.register(apologise, not_a_busy_database)
    return router
