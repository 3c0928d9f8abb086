"""/privacy, /stop, /mydata and /forget: the prospect's data rights, at any time."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.dialogs.callbacks import ForgetCallback
from bot.presentation.keyboards import forget_keyboard
from bot.presentation.messages import privacy_notice
from bot.qualify.clock import Clock
from bot.qualify.rights import export_document, forget, withdraw_consent
from storage.models import Lead


async def show_privacy(message: Message, locale: str, content: Content) -> None:
    """The versioned privacy notice in full."""
    await message.answer(privacy_notice(content, locale))


async def stop(
    message: Message,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """Withdraw consent and suppress every further marketing message."""
    await confirm_stop(message, lead, locale, content, clock, session)


async def confirm_stop(
    message: Message,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """Shared by /stop and plain words such as "keine Nachrichten mehr"."""
    changed = await withdraw_consent(
        session, lead, text_version=content.privacy_version, now=clock()
    )
    key = "rights.stopped" if changed else "rights.stopped_already"
    await message.answer(content.texts.get(locale, key))


async def my_data(
    message: Message,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
) -> None:
    """Send everything stored about the prospect as a JSON document."""
    document = await export_document(session, lead, now=clock())
    await message.answer_document(
        BufferedInputFile(document, filename="my-data.json"),
        caption=content.texts.get(locale, "rights.export_caption"),
    )


async def ask_to_forget(message: Message, locale: str, content: Content) -> None:
    """Erasure cannot be undone, so it needs a confirming button."""
    await message.answer(
        content.texts.get(locale, "rights.forget_confirm"),
        reply_markup=forget_keyboard(content.texts, locale),
    )


async def forget_confirmed(
    query: CallbackQuery,
    bot: Bot,
    callback_data: ForgetCallback,
    lead: Lead,
    locale: str,
    content: Content,
    clock: Clock,
    session: AsyncSession,
    erasure_key: bytes,
) -> None:
    """Erase everything, or leave it as it is."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    chat_id = query.message.chat.id if query.message else query.from_user.id
    if not callback_data.confirm:
        await bot.send_message(chat_id, content.texts.get(locale, "rights.forget_cancelled"))
        return
    await forget(session, lead, key=erasure_key, now=clock())
    await bot.send_message(chat_id, content.texts.get(locale, "rights.forgotten"))


def create_router() -> Router:
    """The data-rights router."""
    router = Router(name=__name__)
    router.message.register(show_privacy, Command("privacy"))
    router.message.register(stop, Command("stop"))
    router.message.register(my_data, Command("mydata"))
    router.message.register(ask_to_forget, Command("forget"))
    router.callback_query.register(forget_confirmed, ForgetCallback.filter())
    return router
