"""The outbox worker: each due row rendered with the current content, or replayed as the
Bot API call a handler made, and sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram import methods as bot_api
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.jobs.engine import Handle, Outcome, Send, Verdict, drain
from bot.jobs.retry import RetryPolicy
from bot.jobs.telegram import call, send_message
from bot.jobs.unreachable import when_unreachable
from bot.presentation.notices import render_outbox_row
from bot.settings import Settings
from storage.delivery import OUTBOX, to_chats
from storage.models import Outbox
from storage.outbox import REQUEST, forget_sent

if TYPE_CHECKING:  # the dispatcher factory wires this worker in: import for types only
    from bot.factory import Dependencies


async def deliver_outbox(
    deps: Dependencies, bot: Bot, *, batch: int = 50, ids: list[int] | None = None
) -> dict[str, int]:
    """Claim and send the outbox messages that are due (of `ids` only, if given)."""
    stale = deps.settings.outbox_claim_stale_seconds
    # A send must give up well before its claim goes stale, or a slow Telegram that took
    # the message after all would see it again from another worker.
    content, timeout = deps.content_store.current, max(1, int(stale / 4))
    send = _sender(content, bot, timeout=timeout, settings=deps.settings)
    return await drain(
        deps.sessionmaker,
        OUTBOX,
        send,
        now=deps.clock(),
        policy=RetryPolicy.from_settings(deps.settings),
        batch=batch,
        ids=ids,
        stale=timedelta(seconds=stale),
        clock=deps.clock,
        only=to_chats(OUTBOX, deps.chats),
    )


def _sender(content: Content, bot: Bot, *, timeout: int, settings: Settings) -> Handle[Outbox]:
    """How one outbox row is sent: a stored Bot API call replayed, or a notice rendered."""

    async def send(session: AsyncSession, row: Outbox, now: datetime) -> Outcome | Send:
        unreachable = when_unreachable(content, settings, row.chat_id, now)
        if row.kind == REQUEST and row.payload is not None:
            method, row_id = replayed(row.payload), row.id
            return Send(
                lambda: call(bot, method, now=now, blocked=Verdict.CANCELLED, timeout=timeout),
                lambda session: forget_sent(session, row_id),
                unreachable,
            )
        message = await render_outbox_row(session, content, row)
        if message.document is not None:
            name, data = message.document
            document = SendDocument(
                chat_id=row.chat_id,
                document=BufferedInputFile(data, filename=name),
                caption=message.text,
                reply_markup=message.markup,
            )
            return Send(
                lambda: call(bot, document, now=now, blocked=Verdict.FAILED, timeout=timeout)
            )
        return Send(
            lambda: send_message(
                bot,
                row.chat_id,
                message.text,
                markup=message.markup,
                now=now,
                blocked=Verdict.FAILED,
                timeout=timeout,
            ),
            unreachable=unreachable,
        )

    return send


def replayed(payload: dict[str, Any]) -> bot_api.TelegramMethod[Any]:
    """The Bot API call stored by bot/middlewares/send_on_commit.py, rebuilt."""
    model: type[bot_api.TelegramMethod[Any]] = getattr(bot_api, payload["method"])
    return model.model_validate(payload["params"])
