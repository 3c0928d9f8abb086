"""Inline keyboards, their labels taken from content/."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.texts import Texts
from bot.dialogs.callbacks import (
    ConsentCallback,
    ForgetCallback,
    LanguageCallback,
    PrivacyCallback,
)
from bot.qualify.consent import ConsentChoice


def _button(text: str, data: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(text=text, callback_data=data)]


def consent_keyboard(texts: Texts, locale: str) -> InlineKeyboardMarkup:
    """Agree with follow-ups, agree without, refuse, or read the notice first."""
    rows = [
        _button(texts.get(locale, f"consent.button_{key}"), ConsentCallback(choice=choice).pack())
        for key, choice in (
            ("accept_all", ConsentChoice.ALL),
            ("accept", ConsentChoice.NO_MARKETING),
            ("refuse", ConsentChoice.REFUSE),
        )
    ]
    rows.append(_button(texts.get(locale, "consent.button_privacy"), PrivacyCallback().pack()))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def forget_keyboard(texts: Texts, locale: str) -> InlineKeyboardMarkup:
    """Confirm or cancel erasure."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            _button(
                texts.get(locale, "rights.button_forget_yes"), ForgetCallback(confirm=True).pack()
            ),
            _button(
                texts.get(locale, "rights.button_forget_no"), ForgetCallback(confirm=False).pack()
            ),
        ]
    )


def language_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """One button per locale the content has, each named in its own language."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            _button(texts.get(code, "language.name"), LanguageCallback(code=code).pack())
            for code in texts.locales()
        ]
    )
