"""Ids as they arrive from outside (a command's argument, a button's data, the CLI): read
as ASCII digits only ("²".isdigit() is True) and range-checked, so a 20-digit number is
refused where it enters instead of overflowing in the database."""

from __future__ import annotations

ROW_ID_MAX = 2**31 - 1  # our rows' ids (a lead, a handover): PostgreSQL's integer
TELEGRAM_ID_MAX = 2**63 - 1  # Telegram's user and chat ids fit a signed 64-bit integer


def parse_id(text: str, maximum: int) -> int | None:
    """The id `text` spells (1 … maximum), else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if 1 <= value <= maximum else None
