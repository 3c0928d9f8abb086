"""Nobody lets a lead wait unseen: offers expire in business time, then escalate."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.sla import sla_job
from bot.qualify.business_time import business_deadline
from storage.models import Customer, Handover, Rep
from tests.support import HOT, REP, FakeClock, Prospect, add_plain_rep, one, with_settings

MANAGER = -100500


def test_deadlines_count_business_hours_only() -> None:
    friday_late = datetime(2026, 11, 27, 16, 55, tzinfo=UTC)  # 17:55 in Berlin
    deadline = business_deadline(
        friday_late, 15, hours="08:00-18:00", days="mon,tue,wed,thu,fri", zone="Europe/Berlin"
    )
    assert deadline == datetime(2026, 11, 30, 7, 10, tzinfo=UTC)  # Monday 08:10 in Berlin
    night = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert (
        business_deadline(
            night, 30, hours="08:00-18:00", days="mon-fri".replace("-", ","), zone="UTC"
        )
        >= night
    )


async def test_unaccepted_offer_goes_to_the_next_rep_then_to_the_manager(
    prospect: Prospect,
    dispatcher: Dispatcher,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
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

    async def offered_to() -> tuple[str, int | None]:
        async with sessionmaker() as session:
            handover = await one(session, select(Handover))
            return handover.status, handover.rep_id

    first = await offered_to()
    clock.advance(minutes=14)
    await sla_job(deps, prospect.bot)
    assert await offered_to() == first
    clock.advance(minutes=2)
    await sla_job(deps, prospect.bot)
    second = await offered_to()
    assert second[0] == "offered" and second[1] != first[1]
    async with sessionmaker() as session:
        first_rep = await session.get(Rep, first[1])
        assert first_rep is not None
    told = bot_session.sent_texts(first_rep.telegram_user_id)
    assert any("went to a colleague" in text for text in told)
    clock.advance(minutes=16)
    await sla_job(deps, prospect.bot)
    assert (await offered_to())[0] == "escalated"
    manager = bot_session.sent_texts(MANAGER)
    assert manager and manager[0].startswith("<b>Nobody accepted this lead</b> after 2 offer(s)")
    assert "Greta Lindqvist" in manager[0]


async def test_a_lead_nobody_could_take_reaches_the_manager(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    deps = with_settings(deps, manager_chat_id=MANAGER, business_timezone="UTC")
    clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    await prospect.agrees()
    await prospect.says(HOT)  # no rep is registered at all
    async with sessionmaker() as session:
        assert (await one(session, select(Handover))).status == "pending"
    clock.advance(minutes=16)
    await sla_job(deps, prospect.bot)
    assert bot_session.sent_texts(MANAGER)[0].startswith("<b>Nobody accepted this lead</b>")


async def test_a_late_rep_still_gets_a_waiting_lead(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    async with sessionmaker() as session:
        await add_plain_rep(session, 21, "Late Larry", now=clock(), languages=[])
        await session.commit()
    clock.advance(minutes=1)
    await sla_job(deps, prospect.bot)
    assert "</b> (sales-ready)" in bot_session.sent_texts(21)[0]


async def test_a_customer_goes_to_the_account_owner(
    rep: None,
    prospect: Prospect,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, 22, "Busy Bea", now=clock(), weight=50)
        session.add(
            Customer(
                telegram_user_id=prospect.user.id,
                company="Hansen Logistik",
                account_owner="mia berg",
                imported_at=clock(),
            )
        )
        await session.commit()
    await prospect.says("/start")
    await prospect.presses("Yes, but no follow-ups")
    await prospect.says("The reports stopped showing response times since the update")
    card = bot_session.sent_texts(REP)[0]
    assert "</b> (existing customer)" in card
    assert "Hansen Logistik · " in card
    assert bot_session.sent_texts(22) == []
