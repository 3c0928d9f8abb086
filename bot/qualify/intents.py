"""Opt-out detection for the consent gate, shared with the answer extraction."""

from __future__ import annotations

from bot.qualify.nlu.api import detect_intent


def wants_to_stop(text: str, locale: str) -> bool:
    """True when the prospect asks for no more messages, withdraws, or asks for deletion."""
    return detect_intent(text, locale) == "stop"
