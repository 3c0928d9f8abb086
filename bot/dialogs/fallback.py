"""Last router: whatever nothing else took gets a clear, polite answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.content.catalog import Content
from bot.dialogs.filters import has_text, is_command


async def unknown_command(message: Message, locale: str, content: Content) -> None:
    """A command we do not have."""
    await message.answer(content.texts.get(locale, "errors.unknown_command"))


async def text_for_nobody(message: Message) -> None:
    """Text no router took (a rep outside a takeover, a group chat): nothing to say."""


async def unsupported_content(message: Message, locale: str, content: Content) -> None:
    """Stickers, photos, voice, locations, contacts: ask for text instead."""
    await message.answer(content.texts.get(locale, "errors.unsupported_content"))


async def edited_non_text(message: Message) -> None:
    """An edited photo caption or similar: nothing to take from it, nothing to say."""


async def stale_button(query: CallbackQuery, locale: str, content: Content) -> None:
    """A button from an old message, or callback data that matches nothing we sent."""
    await query.answer(content.texts.get(locale, "errors.expired_button"), show_alert=False)


def create_router() -> Router:
    """The fallback router; created twice, last for prospects and last of all."""
    router = Router(name=__name__)
    router.message.register(unknown_command, is_command)
    router.message.register(text_for_nobody, has_text)
    router.message.register(unsupported_content)
    router.edited_message.register(edited_non_text)
    router.callback_query.register(stale_button)
    return router
