"""Free text from the prospect: opt-out and erasure words, the consent gate, then the domain."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from aiogram import Router
from aiogram.types import Message

from bot.dialogs.filters import has_text
from bot.dialogs.rights import ask_to_forget, stop
from bot.middlewares.lead_chat import LeadChat
from bot.presentation.keyboards import consent_keyboard
from bot.presentation.messages import consent_question
from bot.qualify import rep_desk
from bot.qualify.consent import ConsentState
from bot.qualify.conversation import without_consent
from bot.qualify.dialog.reading import Reading
from bot.settings import Settings


async def free_text(
    message: Message, chat: LeadChat, settings: Settings, previous_seen_at: datetime | None
) -> None:
    """Everything a prospect types that is not a command; an edit counts as a new answer."""
    lead, content, locale, now = chat.lead, chat.content, chat.locale, chat.clock()
    outcome = await chat.qualifier.take_message(
        chat.session, lead, message.text or "", now, settings.max_text_length
    )
    if outcome.wants_erasure:
        await ask_to_forget(message, locale, content)
    elif outcome.wants_stop:
        await stop(message, chat)
    elif lead.taken_over_by is not None and lead.consent_state == ConsentState.GRANTED:
        # A rep is writing with the prospect in person: the bot relays and stays quiet.
        await rep_desk.relay_to_rep(chat.session, content, lead, message.text or "", now)
    elif lead.consent_state != ConsentState.GRANTED:
        await _without_consent(message, chat, outcome.reading)
    else:
        if outcome.truncated:
            limit = settings.max_text_length
            await message.answer(chat.text("conversation.too_long", limit=limit))
        # An edit corrects what the prospect said before, whichever question waits now.
        reading = replace(outcome.reading, edited=message.edit_date is not None)
        plan = await chat.qualifier.message(
            chat.session,
            lead,
            reading.text,
            now,
            previous_seen_at=previous_seen_at,
            reading=reading,
        )
        await chat.send(plan)


async def _without_consent(message: Message, chat: LeadChat, reading: Reading) -> None:
    """A question answered with nothing stored; the consent question where it is due."""
    reply = without_consent(chat.content, chat.lead, reading)
    await chat.send(reply.plan)
    if reply.ask_consent is not None:
        await message.answer(
            chat.text(reply.ask_consent) + "\n\n" + consent_question(chat.content, chat.locale),
            reply_markup=consent_keyboard(chat.content.texts, chat.locale),
        )


def create_router() -> Router:
    """The conversation router: text and edited text, after every command had its turn."""
    router = Router(name=__name__)
    router.message.register(free_text, has_text)
    router.edited_message.register(free_text, has_text)
    return router
