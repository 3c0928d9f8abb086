"""The outbox worker: each due message rendered with the current content and sent."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import Outcome, Verdict, drain
from bot.jobs.retry import RetryPolicy
from bot.jobs.telegram import send_message
from bot.presentation.notices import render_outbox_row
from storage.delivery import OUTBOX
from storage.models import Outbox

if TYPE_CHECKING:  # the dispatcher factory wires this worker in: import for types only
    from bot.factory import Dependencies


async def deliver_outbox(deps: Dependencies, bot: Bot, *, batch: int = 50) -> dict[str, int]:
    """Claim and send the outbox messages that are due, each in its own transaction."""
    content = deps.content_store.current

    async def send(session: AsyncSession, row: Outbox, now: datetime) -> Outcome:
        message = await render_outbox_row(session, content, row)
        return await send_message(
            bot, row.chat_id, message.text, markup=message.markup, now=now, blocked=Verdict.FAILED
        )

    policy = RetryPolicy.from_settings(deps.settings)
    return await drain(
        deps.sessionmaker, OUTBOX, send, now=deps.clock(), policy=policy, batch=batch
    )
