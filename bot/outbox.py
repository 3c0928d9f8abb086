"""Delivering the outbox: claimed, sent with retries and backoff, never lost."""

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
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.presentation.notices import Rendered, render_outbox_row
from bot.qualify.clock import Clock
from storage.claims import claim_due
from storage.models import Outbox

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=5)


async def claim(session: AsyncSession, now: datetime, batch: int = 50) -> list[int]:
    """Claim due messages; a second worker running at the same time gets none of them."""
    return await claim_due(session, Outbox, now, batch=batch, stale=STALE_CLAIM)


async def send_one(bot: Bot, row: Outbox, message: Rendered, now: datetime) -> str:
    """Send one message; on failure set when to try again. Returns what happened."""
    try:
        await bot.send_message(row.chat_id, message.text, reply_markup=message.markup)
    except TelegramRetryAfter as error:
        row.status, row.due_at = "pending", now + timedelta(seconds=error.retry_after)
        row.note = f"Telegram asked to wait {error.retry_after} s"
        return "deferred"
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        row.status, row.note = "failed", f"Telegram refused: {error}"[:500]
        log.error("outbox %s to %s refused: %s", row.id, row.chat_id, error)
        return "failed"
    except (TelegramAPIError, TimeoutError, OSError) as error:
        row.attempts += 1
        row.note = f"attempt {row.attempts}: {error}"[:500]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
            log.error("outbox %s gave up after %s attempts", row.id, row.attempts)
            return "failed"
        row.status, row.due_at = "pending", now + timedelta(seconds=2**row.attempts)
        return "retry"
    row.status, row.sent_at, row.note = "sent", now, None
    return "sent"


async def deliver(
    sessionmaker: async_sessionmaker[AsyncSession],
    bot: Bot,
    clock: Clock,
    content_store: ContentStore,
) -> dict[str, int]:
    """Claim and send what is due, each message in its own transaction."""
    now = clock()
    async with sessionmaker() as session:
        ids = await claim(session, now)
        await session.commit()
    outcomes: dict[str, int] = {}
    for row_id in ids:
        async with sessionmaker() as session:
            row = await session.get(Outbox, row_id)
            if row is None:
                continue  # erased meanwhile
            message = await render_outbox_row(session, content_store.current, row)
            outcome = await send_one(bot, row, message, now)
            await session.commit()
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
