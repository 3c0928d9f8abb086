"""Last router: whatever nothing else took gets a clear, polite answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.content.catalog import Content
from bot.dialogs.filters import is_command

router = Router(name=__name__)


@router.message(is_command)
async def unknown_command(message: Message, locale: str, content: Content) -> None:
    """A command we do not have."""
    await message.answer(content.texts.get(locale, "errors.unknown_command"))


@router.message()
async def unsupported_content(message: Message, locale: str, content: Content) -> None:
    """Stickers, photos, voice, locations, contacts: ask for text instead."""
    await message.answer(content.texts.get(locale, "errors.unsupported_content"))


@router.edited_message()
async def edited_non_text(message: Message) -> None:
    """An edited photo caption or similar: nothing to take from it, nothing to say."""


@router.callback_query()
async def stale_button(query: CallbackQuery, locale: str, content: Content) -> None:
    """A button from an old message, or callback data that matches nothing we sent."""
    await query.answer(content.texts.get(locale, "errors.expired_button"), show_alert=False)
