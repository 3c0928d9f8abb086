"""/menu and opening library items."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.dialogs.callbacks import QualifyCallback
from bot.presentation.library import item_text
from storage.models import Lead

router = Router(name=__name__)


async def send_item(
    bot: Bot, chat_id: int, content: Content, locale: str, item: LibraryItem
) -> None:
    """Send one library item."""
    await bot.send_message(chat_id, item_text(content, locale, item))


@router.message(Command("menu", "library", "inhalte"))
async def menu(message: Message, lead: Lead | None, locale: str, content: Content) -> None:
    """The library in the prospect's language, by buying stage, to browse at any time."""
    stages = [*content.stages.order, "customer"]
    items = sorted(
        (item for item in content.library if item.locale == locale),
        key=lambda item: (stages.index(item.stage) if item.stage in stages else 99, item.title),
    )
    if not items:
        await message.answer(content.texts.get(locale, "library.empty"))
        return
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=item.title,
                    callback_data=QualifyCallback(action="open", value=item.id).pack(),
                )
            ]
            for item in items
        ]
    )
    await message.answer(content.texts.get(locale, "library.menu"), reply_markup=keyboard)
