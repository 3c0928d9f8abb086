"""The outbox worker: each due row rendered with the current content, or replayed as the
Bot API call a handler made, and sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram import methods as bot_api
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.jobs.engine import Handle, Outcome, Send, Verdict, drain
from bot.jobs.retry import RetryPolicy
from bot.jobs.telegram import call, send_message
from bot.presentation.notices import render_outbox_row
from storage.delivery import OUTBOX
from storage.models import Outbox
from storage.outbox import REQUEST, forget_sent

if TYPE_CHECKING:  # the dispatcher factory wires this worker in: import for types only
    from bot.factory import Dependencies


async def deliver_outbox(
    deps: Dependencies, bot: Bot, *, batch: int = 50, ids: list[int] | None = None
) -> dict[str, int]:
    """Claim and send the outbox messages that are due (of `ids` only, if given)."""
    stale = deps.settings.outbox_claim_stale_seconds
    return await drain(
        deps.sessionmaker,
        OUTBOX,
        sender(deps, bot),
        now=deps.clock(),
        policy=RetryPolicy.from_settings(deps.settings),
        batch=batch,
        ids=ids,
        stale=timedelta(seconds=stale),
        clock=deps.clock,
    )


def sender(deps: Dependencies, bot: Bot) -> Handle[Outbox]:
    """How the outbox sends a row, for the worker and for the send right after a commit."""
    # A send must give up well before its claim goes stale, or a slow Telegram that took
    # the message after all would see it again from another worker.
    timeout = max(1, int(deps.settings.outbox_claim_stale_seconds / 4))
    return _sender(deps.content_store.current, bot, timeout=timeout)


def _sender(content: Content, bot: Bot, *, timeout: int) -> Handle[Outbox]:
    """How one outbox row is sent: a stored Bot API call replayed, or a notice rendered."""

    async def send(session: AsyncSession, row: Outbox, now: datetime) -> Outcome | Send:
        if row.kind == REQUEST and row.payload is not None:
            method, row_id = replayed(row.payload), row.id
            return Send(
                lambda: call(bot, method, now=now, blocked=Verdict.CANCELLED, timeout=timeout),
                lambda session: forget_sent(session, row_id),
            )
        message = await render_outbox_row(session, content, row)
        return Send(
            lambda: send_message(
                bot,
                row.chat_id,
                message.text,
                markup=message.markup,
                now=now,
                blocked=Verdict.FAILED,
                timeout=timeout,
            )
        )

    return send


def replayed(payload: dict[str, Any]) -> bot_api.TelegramMethod[Any]:
    """The Bot API call stored by bot/middlewares/send_on_commit.py, rebuilt."""
    model: type[bot_api.TelegramMethod[Any]] = getattr(bot_api, payload["method"])
    return model.model_validate(payload["params"])
