"""The due-work engine's rules: one retry policy, in seconds, for every queue."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.outbox import deliver_outbox
from bot.jobs.retry import RetryPolicy
from bot.settings import Settings
from storage.models import Outbox
from tests.support import FakeClock, Prospect, changing_lead, with_settings


def test_delays_double_from_the_base_up_to_the_cap() -> None:
    policy = RetryPolicy(base_seconds=2, max_seconds=60, max_age_seconds=3600)
    delays = [policy.delay(n).total_seconds() for n in range(1, 8)]
    assert delays == [2, 4, 8, 16, 32, 60, 60]


def test_a_row_gives_up_once_its_retries_have_waited_the_maximum_age() -> None:
    policy = RetryPolicy(base_seconds=10, max_seconds=10, max_age_seconds=30)
    # Failures 1-3 wait 10 s each; the fourth failure comes 30 s into retrying.
    assert [policy.gives_up(n) for n in range(1, 6)] == [False, False, False, True, True]
    assert RetryPolicy(max_age_seconds=0).gives_up(1)


def test_the_policy_comes_from_the_settings(settings: Settings) -> None:
    custom = settings.model_copy(
        update={"retry_base_seconds": 5, "retry_max_seconds": 90, "retry_max_age_hours": 2}
    )
    assert RetryPolicy.from_settings(custom) == RetryPolicy(5, 90, 7200)
    assert RetryPolicy.from_settings(settings) == RetryPolicy()


@pytest.fixture
async def outbox_row(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    """A consenting prospect and one due outbox message to chat 777."""
    await prospect.agrees()
    async with changing_lead(sessionmaker) as (session, lead):
        session.add(
            Outbox(lead_id=lead.id, chat_id=777, text="hi", due_at=clock(), created_at=clock())
        )


async def test_an_outbox_message_fails_when_retries_reach_the_maximum_age(
    outbox_row: None,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    deps = with_settings(deps, retry_max_age_hours=10 / 3600)
    outcomes = []
    for _ in range(4):
        bot_session.queue(TimeoutError("no answer"))
        outcomes.append(await deliver_outbox(deps, prospect.bot))
        clock.advance(hours=1)
    # 2 s, 4 s, then 8 s of waiting: the fourth failure is past 10 s of retrying.
    assert outcomes == [{"retry": 1}, {"retry": 1}, {"retry": 1}, {"failed": 1}]
    assert await deliver_outbox(deps, prospect.bot) == {}
    async with sessionmaker() as session:
        row = await session.scalar(select(Outbox).where(Outbox.chat_id == 777))
    assert row is not None and (row.status, row.attempts) == ("failed", 4)


async def test_an_outbox_message_telegram_refuses_fails_without_retrying(
    outbox_row: None,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    blocked = TelegramForbiddenError(method=SendMessage(chat_id=1, text="x"), message="blocked")
    bot_session.queue(blocked)
    assert await deliver_outbox(deps, prospect.bot) == {"failed": 1}
    async with sessionmaker() as session:
        row = await session.scalar(select(Outbox).where(Outbox.chat_id == 777))
    assert row is not None and (row.status, row.attempts) == ("failed", 0)
