"""Callback data of every inline button; anything else that arrives is stale or forged."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCallback(CallbackData, prefix="consent"):
    choice: str


class PrivacyCallback(CallbackData, prefix="privacy"):
    pass


class ForgetCallback(CallbackData, prefix="forget"):
    confirm: bool


class LanguageCallback(CallbackData, prefix="lang"):
    code: str


class QualifyCallback(CallbackData, prefix="q"):
    action: str
    slot: str = ""
    value: str = ""


class HandoverCallback(CallbackData, prefix="h"):
    """A rep's decision on a handover; bot.qualify.handover.button_data packs the same."""

    action: str
    handover: int
    reason: str = ""
