"""/help: what the bot can do."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.content.catalog import Content


async def show_help(message: Message, locale: str, content: Content) -> None:
    """The commands, in the prospect's language."""
    await message.answer(content.texts.get(locale, "help"))


def create_router() -> Router:
    """The help router."""
    router = Router(name=__name__)
    router.message.register(show_help, Command("help", "hilfe"))
    return router
