"""Planning twice is impossible: two planners racing (two instances on PostgreSQL, two
sessions on SQLite) plan a campaign once per lead and take an SLA step once per handover."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.sla import sla_job
from bot.qualify.nurture import plan_campaigns
from bot.qualify.vocabulary import FollowUpKind
from storage.followups import schedule
from storage.models import Handover, Outbox, ScheduledMessage
from tests.support import (
    HOT,
    FakeClock,
    Prospect,
    add_plain_rep,
    one,
    stored_lead,
    with_settings,
)

CAMPAIGN_DAY = datetime(2027, 3, 9, 10, 5, tzinfo=UTC)  # tests/content/nurture.yaml
MANAGER = -100500


async def _consenting(dispatcher: Dispatcher, bot_session: LocalSession, users: range) -> None:
    for user in users:
        prospect = Prospect(dispatcher, bot_session, user_id=user)
        await prospect.says("/start")
        await prospect.presses("Yes, and keep me posted")
        await prospect.presses("No, not yet")
        await prospect.says("We need a helpdesk, our support mails get lost")


async def _count(sessionmaker: async_sessionmaker[AsyncSession], statement: object) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(statement) or 0)  # type: ignore[call-overload]


async def test_two_planners_racing_plan_one_step_once(
    prospect: Prospect, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start")
    lead_id = (await stored_lead(sessionmaker)).id
    # Two connections outside the SQLite gate: the second insert waits for the first's
    # write lock (SQLite) or for its unique-index entry (PostgreSQL), then does nothing.
    racing = async_sessionmaker(engine, expire_on_commit=False)

    def plan(session: AsyncSession) -> Coroutine[Any, Any, bool]:
        kind, ref = FollowUpKind.CAMPAIGN, "campaign/x"
        return schedule(session, lead_id=lead_id, kind=kind, ref=ref, due_at=CAMPAIGN_DAY)

    async with racing() as first, racing() as second:
        landed = [await plan(first)]
        later = asyncio.create_task(plan(second))
        await first.commit()
        landed.append(await later)
        await second.commit()
    assert landed == [True, False]
    planned = select(func.count()).where(ScheduledMessage.ref == "campaign/x")
    assert await _count(sessionmaker, planned) == 1


async def test_two_campaign_planners_at_once_plan_each_lead_once(
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _consenting(dispatcher, bot_session, range(6001, 6006))
    nurture = deps.content_store.current.nurture

    async def planner() -> int:
        async with sessionmaker() as session:
            added = await plan_campaigns(session, nurture, CAMPAIGN_DAY)
            await session.commit()
            return added

    planned = await asyncio.gather(planner(), planner(), planner())
    assert sum(planned) == 5
    campaign = ScheduledMessage.kind == FollowUpKind.CAMPAIGN
    count = select(func.count()).select_from(ScheduledMessage).where(campaign)
    assert await _count(sessionmaker, count) == 5
    leads = select(func.count(func.distinct(ScheduledMessage.lead_id))).where(campaign)
    assert await _count(sessionmaker, leads) == 5


async def test_two_sla_jobs_at_once_pass_an_overdue_handover_on_once(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        for user, name in ((11, "Anna"), (12, "Ben")):
            await add_plain_rep(session, user, name, now=clock())
        await session.commit()
    deps = with_settings(
        deps, manager_chat_id=MANAGER, handover_max_tries=2, business_timezone="UTC"
    )
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday morning
    await prospect.agrees()
    await prospect.says(HOT)
    cards = select(func.count()).select_from(Outbox)
    before = await _count(sessionmaker, cards)
    clock.advance(minutes=16)
    await asyncio.gather(sla_job(deps, prospect.bot), sla_job(deps, prospect.bot))
    # One "went to a colleague" to the first rep and one card to the second: not two of each.
    assert await _count(sessionmaker, cards) == before + 2
    async with sessionmaker() as session:
        handover = await one(session, select(Handover))
    assert handover.status == "offered" and len(handover.tried_rep_ids) == 1
    clock.advance(minutes=16)
    await asyncio.gather(sla_job(deps, prospect.bot), sla_job(deps, prospect.bot))
    manager = select(func.count()).select_from(Outbox).where(Outbox.chat_id == MANAGER)
    assert await _count(sessionmaker, manager) == 1
