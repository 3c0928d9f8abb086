"""Quick replies of the qualification dialog, and "talk to a person" at any time.

Each action has its own handler; a button that no longer fits (an older question, a
confirmation already given, an item that is gone, no consent) matches none of them and
is answered by the fallback as expired.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.dialogs.callbacks import QualifyAction, QualifyCallback
from bot.dialogs.filters import ConsentedLead, answers_open_question, confirms_pending_fact
from bot.middlewares.lead_chat import LeadChat
from bot.presentation.messages import find_item, item_text
from bot.presentation.replies import close_buttons
from bot.qualify.plan import Plan


async def talk_to_a_person(message: Message, chat: LeadChat) -> None:
    """Honoured at any point of the dialog."""
    await chat.send(await chat.qualifier.human(chat.session, chat.lead, chat.clock()))


async def no_person_without_consent(message: Message, locale: str, content: Content) -> None:
    """Without consent nobody may be handed the prospect's details."""
    await message.answer(content.texts.get(locale, "conversation.opted_out"))


async def _carry_on(query: CallbackQuery, chat: LeadChat, plan: Plan) -> None:
    """Answer the button, take the buttons off its message, and send what comes next."""
    await close_buttons(query)
    await chat.send(plan)


async def answer(query: CallbackQuery, callback_data: QualifyCallback, chat: LeadChat) -> None:
    """An option of the open question."""
    slot, value = callback_data.slot, callback_data.value
    label_key = f"questions.{slot}.options.{value}"
    known = label_key in chat.content.texts.by_locale.get(chat.locale, {})
    label = chat.text(label_key) if known else value
    plan = await chat.qualifier.answer(chat.session, chat.lead, slot, value, label, chat.clock())
    await _carry_on(query, chat, plan)


async def skip(query: CallbackQuery, callback_data: QualifyCallback, chat: LeadChat) -> None:
    """Skip the open question."""
    plan = await chat.qualifier.skip(chat.session, chat.lead, callback_data.slot, chat.clock())
    await _carry_on(query, chat, plan)


async def confirm(query: CallbackQuery, callback_data: QualifyCallback, chat: LeadChat) -> None:
    """Yes or no to "did I get that right?"."""
    yes = callback_data.value == "yes"
    plan = await chat.qualifier.confirm(
        chat.session, chat.lead, callback_data.slot, yes, chat.clock()
    )
    await _carry_on(query, chat, plan)


async def human(query: CallbackQuery, chat: LeadChat) -> None:
    """The "talk to a person" button."""
    await _carry_on(query, chat, await chat.qualifier.human(chat.session, chat.lead, chat.clock()))


async def library_item(
    query: CallbackQuery, callback_data: QualifyCallback, content: Content, locale: str
) -> bool | dict[str, Any]:
    """The library item a button opens, if content/ still has it; injects `item`."""
    item = find_item(content, callback_data.value, locale)
    return False if item is None else {"item": item}


async def open_item(query: CallbackQuery, item: LibraryItem, chat: LeadChat) -> None:
    """Send the item (its button stays: it can be opened again), then what comes next."""
    await query.answer()
    await chat.bot.send_message(chat.lead.chat_id, item_text(chat.content, chat.locale, item))
    await chat.send(await chat.qualifier.opened(chat.session, chat.lead, item.id, chat.clock()))


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
