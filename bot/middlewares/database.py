"""One database session per update: committed when the handler succeeds, else rolled back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class DatabaseSessionMiddleware(BaseMiddleware):
    """Hands the handler `session` and commits everything it did in one transaction."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self._sessionmaker() as session:
            data["session"] = session
            try:
                result = await handler(event, data)
            except TelegramAPIError:
                # The prospect's input and its effects are kept even when our reply fails to
                # send; the error boundary logs it. Any other error rolls everything back.
                await session.commit()
                raise
            await session.commit()
            # Tells the outbox middleware that this update wrote messages to send now.
            data["outbox_written"] = bool(session.info.get("outbox"))
            return result
