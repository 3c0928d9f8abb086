"""Free text from the prospect: opt-out words, consent gate, takeover, then the domain."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.filters import has_text
from bot.dialogs.rights import ask_to_forget, confirm_stop
from bot.presentation.keyboards import consent_keyboard
from bot.presentation.messages import consent_question
from bot.presentation.replies import send_plan
from bot.qualify import rep_desk
from bot.qualify.clock import Clock
from bot.qualify.consent import ConsentState
from bot.qualify.conversation import without_consent
from bot.qualify.dialog.reading import Reading
from bot.qualify.qualification import Qualifier
from bot.settings import Settings
from storage.models import Lead


async def free_text(
    message: Message,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
    qualifier: Qualifier,
    previous_seen_at: datetime | None,
) -> None:
    """Everything a prospect types that is not a command; an edit counts as a new answer."""
    texts, now = content.texts, clock()
    outcome = await qualifier.take_message(
        session, lead, message.text or "", now, settings.max_text_length
    )
    if outcome.wants_erasure:
        await ask_to_forget(message, locale, content)
    elif outcome.wants_stop:
        await confirm_stop(message, lead, locale, content, clock, session)
    elif lead.taken_over_by is not None and lead.consent_state == ConsentState.GRANTED:
        # A rep is writing with the prospect in person: the bot relays and stays quiet.
        await rep_desk.relay_to_rep(session, content, lead, message.text or "", now)
    elif lead.consent_state != ConsentState.GRANTED:
        await _without_consent(message, bot, lead, locale, content, outcome.reading)
    else:
        if outcome.truncated:
            limit = settings.max_text_length
            await message.answer(texts.get(locale, "conversation.too_long", limit=limit))
        reading = outcome.reading
        plan = await qualifier.message(
            session, lead, reading.text, now, previous_seen_at=previous_seen_at, reading=reading
        )
        await send_plan(bot, lead.chat_id, texts, locale, plan)


async def _without_consent(
    message: Message, bot: Bot, lead: Lead, locale: str, content: Content, reading: Reading
) -> None:
    """A question answered with nothing stored; the consent question where it is due."""
    reply = without_consent(content, lead, reading)
    await send_plan(bot, lead.chat_id, content.texts, locale, reply.plan)
    if reply.ask_consent is not None:
        await message.answer(
            content.texts.get(locale, reply.ask_consent)
            + "\n\n"
            + consent_question(content, locale),
            reply_markup=consent_keyboard(content.texts, locale),
        )


def create_router() -> Router:
    """The conversation router: text and edited text, after every command had its turn."""
    router = Router(name=__name__)
    router.message.register(free_text, has_text)
    router.edited_message.register(free_text, has_text)
    return router
