"""Sending one Telegram message for a worker, and what Telegram's answer means for the row."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import InlineKeyboardMarkup

from bot.jobs.engine import Outcome, Verdict

log = logging.getLogger(__name__)


async def send_message(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    now: datetime,
    blocked: Verdict,
) -> Outcome:
    """Send; 429 defers by Telegram's wait, 403 is `blocked`, 400 fails, the rest retries."""
    try:
        await bot.send_message(chat_id, text, reply_markup=markup)
    except TelegramRetryAfter as error:
        until = now + timedelta(seconds=error.retry_after)
        return Outcome.deferred(until, f"Telegram asked to wait {error.retry_after} s")
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        verdict = blocked if isinstance(error, TelegramForbiddenError) else Verdict.FAILED
        level = logging.ERROR if verdict is Verdict.FAILED else logging.INFO
        log.log(level, "message to %s refused: %s", chat_id, error)
        return Outcome(verdict, f"Telegram refused: {error}")
    except (TelegramAPIError, TimeoutError, OSError) as error:
        return Outcome.retry(str(error))
    return Outcome.sent()
