"""Making one Telegram call for a worker, and what Telegram's answer means for the row."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup

from bot.jobs.engine import Outcome, Verdict

log = logging.getLogger(__name__)
# Telegram's 400s that mean the call is pointless now, not that something is wrong with it.
MOOT = ("message is not modified", "query is too old", "query id is invalid")
# Telegram's 400s that mean the chat cannot be reached at all (403 always means that).
UNREACHABLE = ("chat not found", "user not found", "peer_id_invalid")


async def send_message(
    bot: Bot,
    chat_id: int,
    text: str,
    *,
    markup: InlineKeyboardMarkup | None = None,
    now: datetime,
    blocked: Verdict,
    timeout: int | None = None,
) -> Outcome:
    """Send a text message; see `call` for what each answer means."""
    method = SendMessage(chat_id=chat_id, text=text, reply_markup=markup)
    return await call(bot, method, now=now, blocked=blocked, timeout=timeout)


async def call(
    bot: Bot,
    method: TelegramMethod[Any],
    *,
    now: datetime,
    blocked: Verdict,
    timeout: int | None = None,
) -> Outcome:
    """Call; 429 defers by Telegram's wait, 403 is `blocked`, 400 fails, the rest retries.
    403 and a 400 about the chat itself are marked unreachable, for the worker to act on."""
    try:
        await bot(method, request_timeout=timeout)
    except TelegramRetryAfter as error:
        until = now + timedelta(seconds=error.retry_after)
        return Outcome.deferred(until, f"Telegram asked to wait {error.retry_after} s")
    except TelegramBadRequest as error:
        if any(moot in error.message.lower() for moot in MOOT):
            return Outcome.cancelled(f"moot: {error.message}")
        log.error("%s refused: %s", method.__api_method__, error)
        lost = any(reason in error.message.lower() for reason in UNREACHABLE)
        return Outcome(Verdict.FAILED, f"Telegram refused: {error}", unreachable=lost)
    except TelegramForbiddenError as error:
        log.info("%s refused, the chat blocked the bot: %s", method.__api_method__, error)
        return Outcome(blocked, f"Telegram refused: {error}", unreachable=True)
    except (TelegramAPIError, TimeoutError, OSError) as error:
        return Outcome.retry(f"{type(error).__name__}: {error}")
    return Outcome.sent()
