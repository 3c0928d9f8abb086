"""Inline keyboards, their labels taken from content/ and their data packed as callbacks."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.content.library import LibraryItem
from bot.content.texts import Texts
from bot.dialogs.callbacks import (
    ConsentCallback,
    ForgetCallback,
    HandoverAction,
    HandoverCallback,
    LanguageCallback,
    PrivacyCallback,
    QualifyAction,
    QualifyCallback,
)
from bot.qualify.consent import ConsentChoice
from bot.qualify.vocabulary import RejectReason


def _column(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """One button per row: (label, callback data)."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons
        ]
    )


def consent_keyboard(texts: Texts, locale: str) -> InlineKeyboardMarkup:
    """Agree with follow-ups, agree without, refuse, or read the notice first."""
    choices = (
        ("accept_all", ConsentChoice.ALL),
        ("accept", ConsentChoice.NO_MARKETING),
        ("refuse", ConsentChoice.REFUSE),
    )
    return _column(
        *(
            (texts.get(locale, f"consent.button_{key}"), ConsentCallback(choice=choice).pack())
            for key, choice in choices
        ),
        (texts.get(locale, "consent.button_privacy"), PrivacyCallback().pack()),
    )


def forget_keyboard(texts: Texts, locale: str) -> InlineKeyboardMarkup:
    """Confirm or cancel erasure."""
    return _column(
        (texts.get(locale, "rights.button_forget_yes"), ForgetCallback(confirm=True).pack()),
        (texts.get(locale, "rights.button_forget_no"), ForgetCallback(confirm=False).pack()),
    )


def language_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """One button per locale the content has, each named in its own language."""
    return _column(
        *(
            (texts.get(code, "language.name"), LanguageCallback(code=code).pack())
            for code in texts.locales()
        )
    )


def library_keyboard(items: Sequence[LibraryItem]) -> InlineKeyboardMarkup:
    """One button per library item, titled in its own language."""
    return _column(
        *(
            (item.title, QualifyCallback(action=QualifyAction.OPEN, value=item.id).pack())
            for item in items
        )
    )


def reasons_keyboard(texts: Texts, locale: str, handover_id: int) -> InlineKeyboardMarkup:
    """Why a rep rejects a lead: one button per reason."""
    return _column(
        *(
            (
                texts.get(locale, f"rep.reasons.{reason}"),
                HandoverCallback(
                    action=HandoverAction.REASON, handover=handover_id, reason=reason
                ).pack(),
            )
            for reason in RejectReason
        )
    )
