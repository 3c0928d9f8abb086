"""Many updates at once through the real poller, the Bot API stand-in and each database:
one chat's updates are handled in order and none is lost; ten prospects starting at once
on SQLite meet no "database is locked" and nobody is stuck behind the consent gate; a
busy database is retried, never answered with an apology."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ingress.polling import Poller
from bot.qualify.vocabulary import DeliveryStatus, Direction
from storage.models import Lead, Message, Outbox
from tests.botapi.server import BotApiStandIn
from tests.e2e.harness import TOKEN, button, until
from tests.support import Prospect

APOLOGY = "Sorry, something went wrong"
Running = tuple[BotApiStandIn, async_sessionmaker[AsyncSession]]


@pytest.fixture
async def running(
    dispatcher: Dispatcher, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Running]:
    """The dispatcher behind the real poller, polling the stand-in until the test ends."""
    async with BotApiStandIn() as api:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
        poller = Poller(dispatcher, Bot(TOKEN, session=session), timeout=1)
        stop = asyncio.Event()
        task = asyncio.create_task(poller.run(stop))
        yield api, sessionmaker
        stop.set()
        await task
        await session.close()


async def _settled(running: Running, update_ids: list[int]) -> None:
    """Every update confirmed and nothing left to send."""
    api, sessionmaker = running

    async def done() -> bool:
        if any(update_id in api.pending for update_id in update_ids):
            return False
        unsent = Outbox.status.in_([DeliveryStatus.PENDING, DeliveryStatus.CLAIMED])
        async with sessionmaker() as session:
            return not await session.scalar(select(func.count()).where(unsent))

    await until(done, what=f"updates {update_ids} handled")


async def _consented(running: Running, user: int) -> None:
    api = running[0]
    await _settled(running, [await api.message(user, "/start")])
    await _settled(running, [await api.press(user, button(api, user, "Yes, but no follow"))])
    await _settled(running, [await api.press(user, button(api, user, "No, not yet"))])


async def test_updates_of_one_chat_at_once_are_handled_in_order_and_none_is_lost(
    running: Running,
) -> None:
    api, sessionmaker = running
    user = 7001
    await _consented(running, user)
    said = [f"message {n}: we are {10 + n} people in the service team" for n in range(8)]
    update_ids = [await api.message(user, text) for text in said]  # all queued at once
    await _settled(running, update_ids)
    async with sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user))
        assert lead is not None
        stored = await session.scalars(
            select(Message.text)
            .where(Message.lead_id == lead.id, Message.direction == Direction.IN)
            .order_by(Message.id)
        )
        assert [text for text in stored if text.startswith("message ")] == said
    texts = api.texts(user)
    assert not any(APOLOGY in text for text in texts)
    assert all(api.handed_out[update_id] >= 1 for update_id in update_ids)


async def test_ten_prospects_at_once_meet_no_locked_database_and_all_pass_consent(
    running: Running, engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    api, sessionmaker = running
    users = range(7101, 7111)
    with caplog.at_level(logging.WARNING):
        await _settled(running, [await api.message(user, "/start") for user in users])
        presses = [
            await api.press(user, button(api, user, "Yes, but no follow")) for user in users
        ]
        await _settled(running, presses)
        said = [await api.message(user, "We need a helpdesk for 30 people") for user in users]
        await _settled(running, said)
    assert "database is locked" not in caplog.text and "database busy" not in caplog.text
    async with sessionmaker() as session:
        states = await session.scalars(
            select(Lead.consent_state).where(Lead.telegram_user_id.in_(users))
        )
        assert sorted(states) == ["granted"] * len(users)
    for user in users:
        texts = api.texts(user)
        assert texts and not any(APOLOGY in text for text in texts)
        assert len(texts) == len(set(texts)), f"{user} got a reply twice"


class Busy(sqlite3.OperationalError):
    """What a busy database raises; `sqlstate` makes PostgreSQL's driver error look alike."""

    sqlstate = "40001"


async def test_a_busy_database_is_tried_again_and_never_apologised_for(
    prospect: Prospect, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    failures = [Busy("database is locked"), Busy("database is locked")]

    def busy(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Another writer holds the database just as this update stores the message.
        if failures and statement.lstrip().upper().startswith("INSERT INTO MESSAGES"):
            raise OperationalError(statement, {}, failures.pop())

    event.listen(engine.sync_engine, "before_cursor_execute", busy)
    try:
        replies = await prospect.says("We need a helpdesk for 30 people")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", busy)
    assert failures == []  # the update failed twice and was tried a third time
    assert replies and not any(APOLOGY in reply for reply in replies)
    assert len(replies) == len(set(replies))
    async with sessionmaker() as session:
        said = select(func.count()).where(Message.text == "We need a helpdesk for 30 people")
        assert await session.scalar(said) == 1
