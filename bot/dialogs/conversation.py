"""Free text from the prospect: consent gate, opt-out words, then the domain."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, Router
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.filters import has_text
from bot.dialogs.keyboards import consent_keyboard
from bot.dialogs.plan_render import send_plan
from bot.dialogs.qualify import qualifier_for
from bot.dialogs.render import consent_question
from bot.dialogs.rights import confirm_stop
from bot.qualify import handover
from bot.qualify.clock import Clock
from bot.qualify.consent import ConsentState
from bot.qualify.conversation import take_message
from bot.settings import Settings
from storage.models import Lead

router = Router(name=__name__)


@router.message(has_text)
@router.edited_message(has_text)
async def free_text(
    message: Message,
    bot: Bot,
    lead: Lead | None,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
    previous_seen_at: datetime | None,
) -> None:
    """Everything a prospect types that is not a command; an edit counts as a new answer."""
    if lead is None or message.text is None:
        return
    qualifier = qualifier_for(content, settings)
    outcome = await take_message(
        session,
        lead,
        text=message.text,
        now=clock(),
        limit=settings.max_text_length,
        content=content,
        models=qualifier.model,
    )
    texts = content.texts
    if outcome.wants_stop:
        await confirm_stop(message, lead, locale, content, clock, session)
        return
    if lead.consent_state == ConsentState.WITHDRAWN:
        await message.answer(texts.get(locale, "conversation.opted_out"))
        return
    if lead.taken_over_by is not None:
        # A rep is writing with the prospect in person: the bot relays and stays quiet.
        await handover.relay_to_rep(session, content, lead, message.text, clock())
        return
    if lead.consent_state != ConsentState.GRANTED:
        await message.answer(
            texts.get(locale, "consent.required") + "\n\n" + consent_question(content, locale),
            reply_markup=consent_keyboard(texts, locale),
        )
        return
    if outcome.truncated:
        await message.answer(
            texts.get(locale, "conversation.too_long", limit=settings.max_text_length)
        )
    plan = await qualifier.message(
        session,
        lead,
        message.text[: settings.max_text_length],
        clock(),
        previous_seen_at=previous_seen_at,
        reading=outcome.reading,
    )
    await send_plan(bot, lead.chat_id, texts, locale, plan)
