"""/language: switch between the locales the content has."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.content.catalog import Content
from bot.dialogs.callbacks import LanguageCallback
from bot.presentation.keyboards import language_keyboard
from bot.presentation.replies import close_buttons
from storage.models import Lead


async def choose_language(message: Message, locale: str, content: Content) -> None:
    """Offer every locale as a button."""
    await message.answer(
        content.texts.get(locale, "language.choose"),
        reply_markup=language_keyboard(content.texts),
    )


async def spoken(query: CallbackQuery, callback_data: LanguageCallback, content: Content) -> bool:
    """A locale the current content has (a button from before an edit may name a gone one)."""
    return callback_data.code in content.texts.locales()


async def language_chosen(
    query: CallbackQuery, bot: Bot, callback_data: LanguageCallback, lead: Lead, content: Content
) -> None:
    """Switch and confirm in the new language."""
    lead.language = callback_data.code
    await close_buttons(query)
    await bot.send_message(
        lead.chat_id, content.texts.get(callback_data.code, "language.switched")
    )


def create_router() -> Router:
    """The language router; a button for a locale that is gone falls through as stale."""
    router = Router(name=__name__)
    router.message.register(choose_language, Command("language", "sprache"))
    router.callback_query.register(language_chosen, LanguageCallback.filter(), spoken)
    return router
