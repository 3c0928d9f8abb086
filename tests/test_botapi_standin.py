"""The Bot API stand-in keeps the Telegram behaviour the end-to-end tests rely on."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates

from tests.botapi.server import BotApiStandIn, Fault

TOKEN = "123456:standin-token-abcdefghijklmnop"


@pytest.fixture
async def api() -> AsyncIterator[BotApiStandIn]:
    async with BotApiStandIn() as server:
        yield server


@pytest.fixture
async def bot(api: BotApiStandIn) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await bot.session.close()


async def test_updates_come_back_until_an_offset_confirms_them(
    api: BotApiStandIn, bot: Bot
) -> None:
    first = await api.message(7, "hello")
    second = await api.message(7, "again")
    assert [u.update_id for u in await bot(GetUpdates(timeout=0))] == [first, second]
    assert [u.update_id for u in await bot(GetUpdates(offset=first, timeout=0))] == [
        first,
        second,
    ]
    assert [u.update_id for u in await bot(GetUpdates(offset=second, timeout=0))] == [second]
    assert await bot(GetUpdates(offset=second + 1, timeout=0)) == []
    assert list(api.pending) == []
    assert api.handed_out[first] == 2


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    api: BotApiStandIn, bot: Bot
) -> None:
    import asyncio

    poll = asyncio.create_task(bot(GetUpdates(timeout=30)))
    await asyncio.sleep(0)  # let the poll start; either way it must return the update
    await api.message(8, "hi")
    updates = await asyncio.wait_for(poll, timeout=10)
    assert [u.message.text for u in updates if u.message] == ["hi"]


async def test_faults_are_served_in_order_then_success(api: BotApiStandIn, bot: Bot) -> None:
    api.fail("sendMessage", Fault.flood(3), Fault(500), Fault(403, description="blocked"))
    with pytest.raises(TelegramRetryAfter) as flood:
        await bot.send_message(9, "one")
    assert flood.value.retry_after == 3
    with pytest.raises(TelegramServerError):
        await bot.send_message(9, "one")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(9, "one")
    await bot.send_message(9, "one")
    assert api.texts(9) == ["one"]
