"""Quick replies of the qualification dialog, and "talk to a person" at any time.

Each action has its own handler; a button that no longer fits (an older question, a
confirmation already given, an item that is gone, no consent) matches none of them and
is answered by the fallback as expired.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.dialogs.callbacks import QualifyAction, QualifyCallback
from bot.dialogs.filters import ConsentedLead, answers_open_question, confirms_pending_fact
from bot.presentation.messages import find_item, item_text
from bot.presentation.replies import send_plan
from bot.qualify.clock import Clock
from bot.qualify.plan import Plan
from bot.qualify.qualification import Qualifier
from storage.models import Lead


async def talk_to_a_person(
    message: Message,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Honoured at any point of the dialog."""
    plan = await qualifier.human(session, lead, clock())
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


async def no_person_without_consent(message: Message, locale: str, content: Content) -> None:
    """Without consent nobody may be handed the prospect's details."""
    await message.answer(content.texts.get(locale, "conversation.opted_out"))


async def _carry_on(
    query: CallbackQuery, bot: Bot, lead: Lead, locale: str, content: Content, plan: Plan
) -> None:
    """Answer the button, take the buttons off its message, and send what comes next."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


async def answer(
    query: CallbackQuery,
    callback_data: QualifyCallback,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """An option of the open question."""
    slot, value = callback_data.slot, callback_data.value
    label_key = f"questions.{slot}.options.{value}"
    known = label_key in content.texts.by_locale.get(locale, {})
    label = content.texts.get(locale, label_key) if known else value
    plan = await qualifier.answer(session, lead, slot, value, label, clock())
    await _carry_on(query, bot, lead, locale, content, plan)


async def skip(
    query: CallbackQuery,
    callback_data: QualifyCallback,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Skip the open question."""
    plan = await qualifier.skip(session, lead, callback_data.slot, clock())
    await _carry_on(query, bot, lead, locale, content, plan)


async def confirm(
    query: CallbackQuery,
    callback_data: QualifyCallback,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Yes or no to "did I get that right?"."""
    yes = callback_data.value == "yes"
    plan = await qualifier.confirm(session, lead, callback_data.slot, yes, clock())
    await _carry_on(query, bot, lead, locale, content, plan)


async def human(
    query: CallbackQuery,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """The "talk to a person" button."""
    plan = await qualifier.human(session, lead, clock())
    await _carry_on(query, bot, lead, locale, content, plan)


async def library_item(
    query: CallbackQuery, callback_data: QualifyCallback, content: Content, locale: str
) -> bool | dict[str, Any]:
    """The library item a button opens, if content/ still has it; injects `item`."""
    item = find_item(content, callback_data.value, locale)
    return False if item is None else {"item": item}


async def open_item(
    query: CallbackQuery,
    item: LibraryItem,
    bot: Bot,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    qualifier: Qualifier,
) -> None:
    """Send the item (its button stays: it can be opened again), then what comes next."""
    await query.answer()
    await bot.send_message(lead.chat_id, item_text(content, locale, item))
    plan = await qualifier.opened(session, lead, item.id, clock())
    await send_plan(bot, lead.chat_id, content.texts, locale, plan)


def create_router() -> Router:
    """The qualification router: /human and one handler per quick-reply action."""
    router = Router(name=__name__)
    person = Command("human", "person", "mensch")
    router.message.register(talk_to_a_person, person, ConsentedLead())
    router.message.register(no_person_without_consent, person)
    on = {action: QualifyCallback.filter(F.action == action) for action in QualifyAction}
    router.callback_query.register(
        answer, on[QualifyAction.ANSWER], ConsentedLead(), answers_open_question
    )
    router.callback_query.register(
        skip, on[QualifyAction.SKIP], ConsentedLead(), answers_open_question
    )
    router.callback_query.register(
        confirm, on[QualifyAction.CONFIRM], ConsentedLead(), confirms_pending_fact
    )
    router.callback_query.register(human, on[QualifyAction.HUMAN], ConsentedLead())
    router.callback_query.register(
        open_item, on[QualifyAction.OPEN], ConsentedLead(), library_item
    )
    return router
