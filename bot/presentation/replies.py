"""Sending a domain Plan: its text keys written out from content/, its buttons as callbacks."""

from __future__ import annotations

import html
from typing import Any

from aiogram import Bot
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.content.texts import Texts
from bot.dialogs.callbacks import QualifyCallback
from bot.presentation.booking import ACTIONS as BOOKING_ACTIONS
from bot.presentation.booking import booking_button
from bot.presentation.facts_text import fact_text
from bot.qualify.plan import (
    CLOSE_KEYBOARD,
    SAY,
    SHARE_CONTACT,
    Button,
    FactValue,
    Plan,
    Reply,
    TextKey,
)

KEYBOARD_ACTIONS = frozenset({SHARE_CONTACT, SAY})


def _value(texts: Texts, locale: str, value: Any) -> str:
    if isinstance(value, FactValue):
        return fact_text(texts, locale, value.kind, value.value)
    if isinstance(value, TextKey):
        return texts.get(locale, value.key)
    if isinstance(value, list):
        return ", ".join(
            f"{texts.get(locale, f'facts.{item.kind}')}: {_value(texts, locale, item)}"
            for item in value
        )
    return html.escape(str(value), quote=False)


def reply_text(texts: Texts, locale: str, reply: Reply) -> str:
    """The reply's text with its values written out."""
    values = {name: _value(texts, locale, value) for name, value in reply.values.items()}
    return texts.raw(locale, reply.key, **values)


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def reply_keyboard(texts: Texts, locale: str, reply: Reply) -> Markup | None:
    """Quick replies, two to a row; a keyboard under the input field where a button must
    send text or the prospect's phone number (Telegram allows that only there)."""
    if not reply.buttons:
        return None
    if any(button.action == CLOSE_KEYBOARD for button in reply.buttons):
        return ReplyKeyboardRemove()
    if any(button.action in KEYBOARD_ACTIONS for button in reply.buttons):
        keys = [
            KeyboardButton(
                text=texts.get(locale, button.label_key),
                request_contact=button.action == SHARE_CONTACT or None,
            )
            for button in reply.buttons
        ]
        return ReplyKeyboardMarkup(
            keyboard=[[key] for key in keys], resize_keyboard=True, one_time_keyboard=True
        )
    buttons = [_button(texts, locale, reply, button) for button in reply.buttons]
    return InlineKeyboardMarkup(
        inline_keyboard=[buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    )


def _button(texts: Texts, locale: str, reply: Reply, button: Button) -> InlineKeyboardButton:
    if button.action in BOOKING_ACTIONS:  # a slot, labelled with its time in the reply's zone
        return booking_button(texts, locale, button, str(reply.values.get("zone", "UTC")))
    return InlineKeyboardButton(
        text=texts.get(locale, button.label_key),
        callback_data=QualifyCallback(
            action=button.action, slot=button.slot, value=button.value
        ).pack(),
    )


async def send_plan(bot: Bot, chat_id: int, texts: Texts, locale: str, plan: Plan) -> None:
    """Send every reply of the plan in order, in the language the prospect asked for if any."""
    locale = plan.locale or locale
    for reply in plan.replies:
        await bot.send_message(
            chat_id,
            reply_text(texts, locale, reply),
            reply_markup=reply_keyboard(texts, locale, reply),
        )


async def close_buttons(query: CallbackQuery) -> None:
    """Answer a pressed button and take the buttons off its message: they are used up."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
