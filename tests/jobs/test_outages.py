"""Outages on a fake clock: Telegram down for 30 minutes (5xx, timeouts, a 429) and the CRM
down for an hour. Afterwards everything is delivered, once, in order per chat and per lead;
the backoff's cap and maximum age come from the settings, so hours are survived."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.crm import post_pending
from bot.jobs.outbox import deliver_outbox
from bot.qualify.vocabulary import DeliveryStatus
from storage.models import LifecycleChange, Outbox
from storage.outbox import enqueue_request
from tests.botapi.server import BotApiStandIn, Fault
from tests.support import FakeClock, Prospect, with_settings
from tests.test_crm_webhook import Receiver, crm, crm_deps  # noqa: F401  # fixtures

CHATS = (701, 702, 703)
MESSAGES = 4  # per chat
TOKEN = "123456:outage-test-token-abcdefghijklmnop"


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[BotApiStandIn, Bot]]:
    """The Bot API stand-in and a real aiogram bot talking HTTP to it."""
    async with BotApiStandIn() as api:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
        bot = Bot(TOKEN, session=session)
        yield api, bot
        await session.close()


async def _queued_replies(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> None:
    async with sessionmaker() as session:
        for n in range(MESSAGES):
            for chat in CHATS:
                params = {"chat_id": chat, "text": f"{chat}: reply {n}"}
                method = "SendMessage"
                enqueue_request(session, chat_id=chat, method=method, params=params, now=now)
        await session.commit()


async def _unfinished(sessionmaker: async_sessionmaker[AsyncSession], model: object) -> int:
    status = Outbox.status if model is Outbox else LifecycleChange.webhook_status
    unfinished = status.in_([DeliveryStatus.PENDING, DeliveryStatus.CLAIMED])
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).where(unfinished)) or 0)


async def _run_for(
    clock: FakeClock, span: timedelta, step: timedelta, work: Callable[[], Awaitable[object]]
) -> None:
    """Run the worker every `step` of fake time for `span`."""
    end = clock() + span
    while clock() < end:
        await work()
        clock.now += step


async def _telegram_outage(
    deps: Dependencies,
    clock: FakeClock,
    telegram: tuple[BotApiStandIn, Bot],
    *,
    outage: timedelta,
    step: timedelta,
) -> timedelta:
    """Queue replies, keep Telegram down for `outage`, then bring it back; how long after
    its return the last reply went out."""
    api, bot = telegram
    deps = with_settings(deps, outbox_claim_stale_seconds=4)  # a hung send times out in 1 s
    await _queued_replies(deps.sessionmaker, clock())
    api.fail(
        "sendMessage",
        Fault(hang=True, chat_id=CHATS[0]),
        Fault(503, description="Service Unavailable", chat_id=CHATS[1]),
        Fault.flood(retry_after=30),
    )
    await deliver_outbox(deps, bot)
    api.outage = Fault(502, description="Bad Gateway")
    await _run_for(clock, outage, step, lambda: deliver_outbox(deps, bot))
    assert api.sent() == [] and await _unfinished(deps.sessionmaker, Outbox) == len(CHATS) * 4
    api.outage, back = None, clock()
    while await _unfinished(deps.sessionmaker, Outbox):
        await deliver_outbox(deps, bot)
        clock.now += step
        assert clock() - back < timedelta(days=1), "never delivered"
    for chat in CHATS:  # once each, in the order written
        assert api.texts(chat) == [f"{chat}: reply {n}" for n in range(MESSAGES)]
    async with deps.sessionmaker() as session:  # sent replies are deleted, nothing failed
        assert await session.scalar(select(func.count()).select_from(Outbox)) == 0
    return clock() - back


async def test_a_30_minute_telegram_outage_delivers_every_reply_once_in_order(
    deps: Dependencies, clock: FakeClock, telegram: tuple[BotApiStandIn, Bot]
) -> None:
    outage = timedelta(minutes=30)
    after = await _telegram_outage(
        deps, clock, telegram, outage=outage, step=timedelta(seconds=30)
    )
    assert after <= timedelta(seconds=deps.settings.retry_max_seconds)


async def test_a_cap_from_the_settings_survives_hours_and_resumes_within_it(
    deps: Dependencies, clock: FakeClock, telegram: tuple[BotApiStandIn, Bot]
) -> None:
    deps = with_settings(deps, retry_max_seconds=600, retry_max_age_hours=6)
    step = timedelta(minutes=2)
    after = await _telegram_outage(deps, clock, telegram, outage=timedelta(hours=4), step=step)
    assert after <= timedelta(seconds=600) + step


async def test_a_one_hour_crm_outage_delivers_every_change_once_in_order_per_lead(
    crm: Receiver,  # noqa: F811
    crm_deps: Dependencies,  # noqa: F811
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    clock: FakeClock,
) -> None:
    prospects = [Prospect(dispatcher, bot_session, user_id=user) for user in (31, 32, 33)]
    crm.fail_next = 10**9
    for prospect in prospects:
        await prospect.agrees()  # new -> engaged
    span, step = timedelta(minutes=30), timedelta(minutes=1)
    await _run_for(clock, span, step, lambda: post_pending(crm_deps))
    for prospect in prospects[:2]:
        await prospect.says("/stop")  # engaged -> suppressed, queued behind the first
    await _run_for(clock, span, step, lambda: post_pending(crm_deps))
    assert crm.received == []
    crm.fail_next, back = 0, clock()
    while await _unfinished(crm_deps.sessionmaker, LifecycleChange):
        await post_pending(crm_deps)
        clock.now += step
        assert clock() - back < timedelta(days=1), "never delivered"
    per_lead: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for _headers, body in crm.received:
        event = json.loads(body)
        per_lead[event["lead"]["telegram_user_id"]].append((event["delivery"], event["to"]))
    for lead, changes in per_lead.items():
        assert changes == sorted(changes), f"lead {lead} out of order"
    moves = sorted((lead, [to for _, to in changes]) for lead, changes in per_lead.items())
    assert moves == [
        (31, ["engaged", "suppressed"]),
        (32, ["engaged", "suppressed"]),
        (33, ["engaged"]),
    ]
