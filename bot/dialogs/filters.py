"""Async filters: aiogram runs synchronous ones (magic F included) in a thread per update."""

from __future__ import annotations

from aiogram.types import Message


async def has_text(message: Message) -> bool:
    """A message with text (not a command)."""
    return message.text is not None and not message.text.startswith("/")


async def is_command(message: Message) -> bool:
    """Text that starts like a command."""
    return message.text is not None and message.text.startswith("/")
