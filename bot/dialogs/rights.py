"""/privacy, /stop, /mydata and /forget: the prospect's data rights, at any time."""

from __future__ import annotations

import json

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.content.catalog import Content
from bot.dialogs.callbacks import ForgetCallback
from bot.middlewares.lead_chat import LeadChat
from bot.presentation.keyboards import forget_keyboard
from bot.presentation.messages import privacy_notice
from bot.presentation.my_data import data_summary
from bot.presentation.replies import close_buttons
from bot.qualify.handover import rep_locale
from bot.qualify.rights import export_document, forget, withdraw_consent


async def show_privacy(message: Message, locale: str, content: Content) -> None:
    """The versioned privacy notice in full."""
    await message.answer(privacy_notice(content, locale))


async def stop(message: Message, chat: LeadChat) -> None:
    """Withdraw consent and suppress every further marketing message: /stop, and plain
    words such as "keine Nachrichten mehr"."""
    changed = await withdraw_consent(chat.session, chat.content, chat.lead, now=chat.clock())
    await message.answer(chat.text("rights.stopped" if changed else "rights.stopped_already"))


async def my_data(message: Message, chat: LeadChat) -> None:
    """Everything as a JSON document, then a readable summary in the prospect's language
    (in this order: the document goes out at once, the summary after the commit)."""
    document = await export_document(chat.session, chat.lead, now=chat.clock())
    await message.answer_document(
        BufferedInputFile(document, filename="my-data.json"),
        caption=chat.text("rights.export_caption"),
    )
    await message.answer(data_summary(chat.content.texts, chat.locale, json.loads(document)))


async def ask_to_forget(message: Message, locale: str, content: Content) -> None:
    """Erasure cannot be undone, so it needs a confirming button."""
    await message.answer(
        content.texts.get(locale, "rights.forget_confirm"),
        reply_markup=forget_keyboard(content.texts, locale),
    )


async def forget_confirmed(
    query: CallbackQuery, callback_data: ForgetCallback, chat: LeadChat, erasure_key: bytes
) -> None:
    """Erase everything, or leave it as it is."""
    await close_buttons(query)
    chat_id = query.message.chat.id if query.message else query.from_user.id
    if not callback_data.confirm:
        await chat.bot.send_message(chat_id, chat.text("rights.forget_cancelled"))
        return
    lead_id = chat.lead.id
    reps = await forget(chat.session, chat.content, chat.lead, key=erasure_key, now=chat.clock())
    await chat.bot.send_message(chat_id, chat.text("rights.forgotten"))
    for rep in reps:  # the outbox went with the lead: the one line goes out directly
        locale = rep_locale(rep, chat.content)
        line = chat.content.texts.get(locale, "rep.closed.erased", id=lead_id)
        await chat.bot.send_message(rep.telegram_user_id, line)


def create_router() -> Router:
    """The data-rights router."""
    router = Router(name=__name__)
    router.message.register(show_privacy, Command("privacy"))
    router.message.register(stop, Command("stop"))
    router.message.register(my_data, Command("mydata"))
    router.message.register(ask_to_forget, Command("forget"))
    router.callback_query.register(forget_confirmed, ForgetCallback.filter())
    return router
