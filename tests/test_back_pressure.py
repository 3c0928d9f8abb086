"""Overload turns into waiting, never into errors: a bounded number of updates in flight,
a bounded number of database connections for them, one chat's updates in order."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Chat, Message, Update, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ingress.polling import Poller
from bot.middlewares.database import DatabaseSessionMiddleware
from tests.support import FakeClock


def _update(update_id: int, chat_id: int) -> Update:
    user = User(id=chat_id, is_bot=False, first_name="P")
    message = Message(
        message_id=update_id,
        date=datetime(2026, 11, 22, tzinfo=UTC),
        chat=Chat(id=chat_id, type="private"),
        from_user=user,
        text=f"message {update_id}",
    )
    return Update(update_id=update_id, message=message)


class Telegram:
    """getUpdates with Telegram's offset: everything below it is confirmed and gone."""

    def __init__(self, updates: list[Update]) -> None:
        self.pending = {update.update_id: update for update in updates}

    async def __call__(self, method: TelegramMethod[Any], **_: Any) -> Any:
        if not isinstance(method, GetUpdates):
            return True
        offset = method.offset or 0
        for update_id in [i for i in self.pending if i < offset]:
            del self.pending[update_id]
        await asyncio.sleep(0)  # a network call yields
        return [self.pending[i] for i in sorted(self.pending) if i >= offset][: method.limit]


class SlowDispatcher:
    """Handles an update only when the test lets it; remembers the most at once."""

    def __init__(self) -> None:
        self.running = 0
        self.most = 0
        self.handled: defaultdict[int, list[int]] = defaultdict(list)
        self.go = asyncio.Event()

    async def feed_update(self, bot: object, update: Update) -> None:
        self.running += 1
        self.most = max(self.most, self.running)
        await self.go.wait()
        assert update.message is not None
        self.handled[update.message.chat.id].append(update.update_id)
        self.running -= 1


async def test_polling_has_no_more_updates_in_flight_than_allowed_and_keeps_chat_order() -> None:
    updates = [_update(i, chat_id=100 + i % 5) for i in range(1, 21)]
    telegram, dispatcher = Telegram(updates), SlowDispatcher()
    poller = Poller(dispatcher, telegram, in_flight=4, idle_wait=0.01)  # type: ignore[arg-type]
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    for _ in range(50):
        await asyncio.sleep(0)
    assert dispatcher.most == 4  # the rest waits with Telegram, unconfirmed
    assert len(telegram.pending) == 20
    dispatcher.go.set()
    while sum(map(len, dispatcher.handled.values())) < 20:
        await asyncio.sleep(0)
    stop.set()
    await running
    assert dispatcher.most == 4 and not telegram.pending
    for chat_id, ids in dispatcher.handled.items():
        assert ids == sorted(ids), f"chat {chat_id} out of order"


async def test_updates_beyond_the_connections_queue_and_all_succeed(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    middleware = DatabaseSessionMiddleware(sessionmaker, clock, connections=2)
    inside, most, go = 0, 0, asyncio.Event()

    async def handler(event: object, data: dict[str, Any]) -> str:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await go.wait()
        inside -= 1
        return "done"

    calls = [
        asyncio.create_task(middleware(handler, _update(i, 200 + i), {})) for i in range(1, 7)
    ]
    for _ in range(50):
        await asyncio.sleep(0)
    # SQLite: one session at a time in a process anyway (storage/engine.py's gate).
    expected = 1 if sessionmaker.kw["bind"].dialect.name == "sqlite" else 2
    assert most == expected
    go.set()
    assert await asyncio.gather(*calls) == ["done"] * 6
    assert most == expected
