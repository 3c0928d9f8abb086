"""The console's buttons: every message's stay pressable, as in Telegram.

Buttons are labelled `[3.1]` (message 3, button 1). Typing `3.1` presses that button for as
long as message 3 carries it; a bare `1` presses the first button of the latest message
that showed buttons, which is what a person means nearly always.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

_PRESS = re.compile(r"(?P<message>[0-9]{1,9})(?:\.(?P<button>[0-9]{1,4}))?", re.ASCII)


@dataclass(frozen=True)
class Press:
    """A button the typed line names, on the message that carries it."""

    message_id: int
    button: InlineKeyboardButton


@dataclass(frozen=True)
class NoSuchButton:
    """`3.7` typed where message 3 has fewer buttons: said, and nothing is sent."""

    line: str


class Buttons:
    """The inline buttons each shown message carries now, by message number."""

    def __init__(self) -> None:
        self.shown: dict[int, list[InlineKeyboardButton]] = {}
        self.latest: int | None = None

    def show(self, message_id: int, markup: InlineKeyboardMarkup) -> list[str]:
        """Remember a message's buttons; the lines that show them."""
        buttons = [button for row in markup.inline_keyboard for button in row]
        if not buttons:
            self.remove(message_id)
            return []
        self.shown[message_id] = buttons
        self.latest = message_id
        return [
            f"     [{message_id}.{number}] {button.text}"
            + (f" → {button.url}" if button.url else "")
            for number, button in enumerate(buttons, start=1)
        ]

    def remove(self, message_id: int) -> None:
        """The message lost its buttons (edited, or answered)."""
        self.shown.pop(message_id, None)
        if self.latest == message_id:
            self.latest = None

    def find(self, line: str) -> Press | NoSuchButton | None:
        """The button `line` presses; None: the line is an ordinary message."""
        match = _PRESS.fullmatch(line.strip())
        if match is None:
            return None
        if match["button"] is None:
            if self.latest is None:
                return None
            return self._pick(self.latest, int(match["message"]))
        message_id = int(match["message"])
        if message_id not in self.shown:
            return None
        return self._pick(message_id, int(match["button"])) or NoSuchButton(line.strip())

    def _pick(self, message_id: int, number: int) -> Press | None:
        buttons = self.shown[message_id]
        if 1 <= number <= len(buttons):
            return Press(message_id, buttons[number - 1])
        return None

    def choices(self, message_id: int) -> str:
        """`3.1–3.4`: what can be typed for a message's buttons."""
        count = len(self.shown.get(message_id, []))
        return f"{message_id}.1–{message_id}.{count}" if count > 1 else f"{message_id}.1"
