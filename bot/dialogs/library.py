"""/menu and opening library items."""

from __future__ import annotations

import html

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.dialogs.callbacks import QualifyCallback
from bot.dialogs.render import markdown_to_html
from storage.models import Lead

router = Router(name=__name__)


def find_item(content: Content, item_id: str, locale: str) -> LibraryItem | None:
    """The item in the prospect's language, else in any language."""
    matches = [item for item in content.library if item.id == item_id]
    return next((i for i in matches if i.locale == locale), matches[0] if matches else None)


def item_text(content: Content, locale: str, item: LibraryItem) -> str:
    """Title, body and link as Telegram HTML."""
    parts = [f"<b>{html.escape(item.title, quote=False)}</b>"]
    if item.body:
        parts.append(markdown_to_html(item.body))
    if item.link:
        label = content.texts.get(locale, "library.online")
        parts.append(f'<a href="{html.escape(item.link)}">{label}</a>')
    return "\n\n".join(parts)


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
