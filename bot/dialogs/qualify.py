"""Quick replies of the qualification dialog, and "talk to a person" at any time."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.callbacks import QualifyCallback
from bot.dialogs.library import send_item
from bot.dialogs.plan_render import send_plan
from bot.presentation.library import find_item
from bot.qualify.clock import Clock
from bot.qualify.consent import ConsentState
from bot.qualify.qualification import Qualifier
from bot.settings import Settings
from storage.models import Lead

router = Router(name=__name__)


def qualifier_for(content: Content, settings: Settings) -> Qualifier:
    """The dialog on the current content, with the configured spaCy pipelines."""
    return Qualifier(content, {"de": settings.spacy_model_de, "en": settings.spacy_model_en})


@router.message(Command("human", "person", "mensch"))
async def talk_to_a_person(
    message: Message,
    bot: Bot,
    lead: Lead | None,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """Honoured at any point of the dialog."""
    if lead is None or lead.consent_state != ConsentState.GRANTED:
        await message.answer(content.texts.get(locale, "conversation.opted_out"))
        return
    plan = await qualifier_for(content, settings).human(session, lead, clock())
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


@router.callback_query(QualifyCallback.filter())
async def quick_reply(
    query: CallbackQuery,
    callback_data: QualifyCallback,
    bot: Bot,
    lead: Lead | None,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    settings: Settings,
) -> None:
    """A button under a question: an answer, skip, confirm, or a person."""
    if lead is None or lead.consent_state != ConsentState.GRANTED:
        await query.answer(content.texts.get(locale, "errors.expired_button"))
        return
    qualifier = qualifier_for(content, settings)
    now = clock()
    action, slot, value = callback_data.action, callback_data.slot, callback_data.value
    if action == "answer" and slot == lead.dialog_step:
        label_key = f"questions.{slot}.options.{value}"
        label = content.texts.get(locale, label_key) if _has(content, locale, label_key) else value
        plan = await qualifier.answer(session, lead, slot, value, label, now)
    elif action == "skip" and slot == lead.dialog_step:
        plan = await qualifier.skip(session, lead, slot, now)
    elif action == "confirm" and (lead.dialog_state or {}).get("confirm") == slot:
        plan = await qualifier.confirm(session, lead, slot, value == "yes", now)
    elif action == "human":
        plan = await qualifier.human(session, lead, now)
    elif action == "open" and (item := find_item(content, value, locale)) is not None:
        await query.answer()
        await send_item(bot, lead.chat_id, content, locale, item)
        plan = await qualifier.opened(session, lead, item.id, now)
        await send_plan(bot, lead.chat_id, content.texts, locale, plan)
        return
    else:
        await query.answer(content.texts.get(locale, "errors.expired_button"))
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


def _has(content: Content, locale: str, key: str) -> bool:
    return key in content.texts.by_locale.get(locale, {})
