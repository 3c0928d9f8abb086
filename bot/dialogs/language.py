"""/language: switch between the locales the content has."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.content.catalog import Content
from bot.dialogs.callbacks import LanguageCallback
from bot.dialogs.keyboards import language_keyboard
from storage.models import Lead

router = Router(name=__name__)


@router.message(Command("language", "sprache"))
async def choose_language(message: Message, locale: str, content: Content) -> None:
    """Offer every locale as a button."""
    await message.answer(
        content.texts.get(locale, "language.choose"),
        reply_markup=language_keyboard(content.texts),
    )


@router.callback_query(LanguageCallback.filter())
async def language_chosen(
    query: CallbackQuery,
    bot: Bot,
    callback_data: LanguageCallback,
    lead: Lead | None,
    locale: str,
    content: Content,
) -> None:
    """Switch and confirm in the new language."""
    if lead is None or callback_data.code not in content.texts.locales():
        await query.answer(content.texts.get(locale, "errors.expired_button"))
        return
    lead.language = callback_data.code
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(
        lead.chat_id, content.texts.get(callback_data.code, "language.switched")
    )
