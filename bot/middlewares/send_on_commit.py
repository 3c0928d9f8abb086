"""Send on commit (Zulip's name for it): what a handler sends is written to the outbox.

While an update's transaction is open, the Bot API calls that talk to the chat (sendMessage,
message edits, callback answers) are not made: each becomes an outbox row in the same
transaction, and the handler gets the answer Telegram would give. After the commit the
outbox middleware makes the calls. So a reply is never sent for an update whose effects
were rolled back, never lost when Telegram fails or the process dies, and never doubled
when Telegram redelivers the update. Calls outside an update (the workers) go straight out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message
from sqlalchemy.ext.asyncio import AsyncSession

from storage.outbox import enqueue_request

DEFERRED = (SendMessage, EditMessageText, EditMessageReplyMarkup, AnswerCallbackQuery)
INSTALLED = "_leadbot_send_on_commit"


@dataclass(frozen=True)
class Transaction:
    """The update's open transaction, and the chat a call without a chat id belongs to."""

    session: AsyncSession
    chat_id: int
    now: datetime


_current: ContextVar[Transaction | None] = ContextVar("send_on_commit", default=None)


@contextmanager
def sending_on_commit(session: AsyncSession, *, chat_id: int, now: datetime) -> Iterator[None]:
    """Within this block, chat-facing Bot API calls are written to `session`'s outbox."""
    token = _current.set(Transaction(session, chat_id, now))
    try:
        yield
    finally:
        _current.reset(token)


def install(bot: Bot) -> None:
    """Route `bot`'s calls through the outbox while an update is handled (once per session)."""
    if not getattr(bot.session, INSTALLED, False):
        bot.session.middleware(SendOnCommit())
        setattr(bot.session, INSTALLED, True)


class SendOnCommit(BaseRequestMiddleware):
    """The request middleware that defers chat-facing calls made inside an update."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        transaction = _current.get()
        if transaction is None or not isinstance(method, DEFERRED):
            return await make_request(bot, method)
        chat_id = getattr(method, "chat_id", None)
        enqueue_request(
            transaction.session,
            chat_id=int(chat_id) if chat_id is not None else transaction.chat_id,
            method=type(method).__name__,
            params=method.model_dump(mode="json", exclude_none=True, exclude_defaults=True),
            now=transaction.now,
        )
        return _as_telegram_would_answer(method, transaction.now)


def _as_telegram_would_answer(method: TelegramMethod[Any], now: datetime) -> Any:
    """A stand-in result; no handler reads more of it than that the call succeeded."""
    if isinstance(method, SendMessage):
        return Message(
            message_id=0,
            date=now,
            chat=Chat(id=int(method.chat_id), type="private"),
            text=method.text,
        )
    return True
