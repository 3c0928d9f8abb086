"""Rendering an outbox row into what Telegram is sent, at the moment it is delivered."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from storage.models import Outbox


@dataclass(frozen=True)
class Rendered:
    """The text and buttons of one outgoing Telegram message."""

    text: str
    markup: InlineKeyboardMarkup | None


async def render_outbox_row(session: AsyncSession, content: Content, row: Outbox) -> Rendered:
    """The message for `row`: its notice rendered with the current content, or its stored text."""
    return Rendered(row.text, _markup(row.buttons))


def _markup(buttons: list[list[list[str]]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=label, callback_data=data) for label, data in row]
            for row in buttons
        ]
    )
