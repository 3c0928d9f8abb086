"""/help: what the bot can do."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.content.catalog import Content

router = Router(name=__name__)


@router.message(Command("help", "hilfe"))
async def show_help(message: Message, locale: str, content: Content) -> None:
    """The commands, in the prospect's language."""
    await message.answer(content.texts.get(locale, "help"))
