"""/menu: the library to browse (opening an item is a quick reply, see qualify.py)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.content.catalog import Content
from bot.presentation.keyboards import library_keyboard
from bot.presentation.messages import menu_items


async def menu(message: Message, locale: str, content: Content) -> None:
    """The library in the prospect's language, by buying stage, to browse at any time."""
    items = menu_items(content, locale)
    if not items:
        await message.answer(content.texts.get(locale, "library.empty"))
        return
    await message.answer(
        content.texts.get(locale, "library.menu"), reply_markup=library_keyboard(items)
    )


def create_router() -> Router:
    """The library router."""
    router = Router(name=__name__)
    router.message.register(menu, Command("menu", "library", "inhalte"))
    return router
