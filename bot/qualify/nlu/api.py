"""Temporary minimal intent detection until the rule pipeline lands."""

from __future__ import annotations

import re

_STOP = re.compile(
    r"^\s*(stop|stopp|unsubscribe|keine nachrichten mehr|bitte keine nachrichten mehr)\W*$",
    re.IGNORECASE,
)


def detect_intent(text: str, locale: str) -> str | None:
    """'stop' for an opt-out, else None."""
    return "stop" if _STOP.match(text) else None
