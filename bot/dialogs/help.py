"""/help: what the bot can do; a rep gets the rep commands instead of the prospect's menu."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.content.catalog import Content
from bot.dialogs.filters import IsRep
from bot.qualify.handover import rep_locale
from storage.models import Rep

HELP = ("help", "hilfe")


async def show_help(message: Message, locale: str, content: Content) -> None:
    """The commands, in the prospect's language."""
    await message.answer(content.texts.get(locale, "help"))


async def show_rep_help(message: Message, rep: Rep, content: Content) -> None:
    """The rep commands and the buttons on a card, in the rep's language."""
    await message.answer(content.texts.get(rep_locale(rep, content), "card.rep_help"))


def create_router() -> Router:
    """The help router (prospects reach it behind their gate, reps and admins after it)."""
    router = Router(name=__name__)
    router.message.register(show_rep_help, Command(*HELP), IsRep())
    router.message.register(show_help, Command(*HELP))
    return router
