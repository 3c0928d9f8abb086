"""A bot session that talks to no server: it records every request and answers it itself.

The console channel renders what it records; the tests read it. Results can be queued
(first in, first out) to script failures such as Telegram's 429 or a 500.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import BufferedInputFile, Chat, Document, InlineKeyboardMarkup, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="leadbot", username="leadbot")


class LocalSession(BaseSession):
    """Records requests in order and fabricates the result Telegram would send."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.queued: deque[Any] = deque()
        self.sent_documents: dict[int, bytes] = {}
        self._message_ids = 0
        self._texts: dict[tuple[int, int], str] = {}

    def queue(self, result: Any) -> None:
        """The next request returns (or, for an exception, raises) this instead."""
        self.queued.append(result)

    async def close(self) -> None:
        """Nothing to close."""

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """No files to download locally."""
        if False:  # pragma: no cover - makes this an async generator
            yield b""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        """Record, then answer from the queue or fabricate."""
        self.requests.append(method)
        if self.queued:
            result = self.queued.popleft()
            if isinstance(result, BaseException):
                raise result
            return result  # type: ignore[no-any-return]  # fabricated for this method's type  # queued by a test for this method
        result = self.fabricate(method)
        self.on_request(method)
        return result  # type: ignore[no-any-return]  # fabricated for this method's type

    def on_request(self, method: TelegramMethod[Any]) -> None:
        """Hook for channels that show what the bot sends."""

    def fabricate(self, method: TelegramMethod[Any]) -> Any:
        """What Telegram would answer for the requests the bot makes."""
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            # Telegram's Message carries inline buttons only; a reply keyboard stays client-side.
            inline = isinstance(method.reply_markup, InlineKeyboardMarkup)
            markup = method.reply_markup if inline else None
            return self._message(int(method.chat_id), text=method.text, reply_markup=markup)
        if isinstance(method, SendDocument):
            message = self._message(int(method.chat_id), caption=method.caption)
            if isinstance(method.document, BufferedInputFile):
                self.sent_documents[message.message_id] = method.document.data
                return message.model_copy(
                    update={
                        "document": Document(
                            file_id=f"local-{message.message_id}",
                            file_unique_id=f"local-{message.message_id}",
                            file_name=method.document.filename,
                        )
                    }
                )
            return message
        if isinstance(method, EditMessageText) and method.chat_id is not None:
            return self._message(
                int(method.chat_id), text=method.text, message_id=method.message_id
            )
        if isinstance(method, EditMessageReplyMarkup) and method.chat_id is not None:
            return self._message(
                int(method.chat_id),
                message_id=method.message_id,
                text=self._texts.get((int(method.chat_id), method.message_id or 0)),
            )
        return True

    def _message(self, chat_id: int, *, message_id: int | None = None, **fields: Any) -> Message:
        if message_id is None:
            self._message_ids += 1
            message_id = self._message_ids
        if fields.get("text") is not None:
            self._texts[(chat_id, message_id)] = fields["text"]
        return Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            from_user=BOT_USER,
            **{key: value for key, value in fields.items() if value is not None},
        )

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of the messages sent so far, optionally to one chat."""
        return [
            str(request.text)
            for request in self.requests
            if isinstance(request, SendMessage)
            and (chat_id is None or int(request.chat_id) == chat_id)
        ]
