"""Two prospects can never book the same slot: the database refuses the second, also when
two instances book at once; the prospect who lost is offered other times."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from aiogram import Dispatcher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from storage.engine import create_engine, create_sessionmaker
from storage.meetings import SlotTaken, book_meeting
from storage.models import Lead, Meeting, Rep
from tests.booking.helpers import give_hours
from tests.support import HOT, REP, FakeClock, Prospect, add_plain_rep

SLOT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


async def _two_leads_and_a_rep(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime
) -> tuple[int, int, int]:
    async with sessionmaker() as session:
        await add_plain_rep(session, REP, "Mia Berg", now=now)
        leads = [
            Lead(
                telegram_user_id=user,
                chat_id=user,
                language="en",
                created_at=now,
                last_seen_at=now,
            )
            for user in (6001, 6002)
        ]
        session.add_all(leads)
        await session.commit()
        rep_id = await session.scalar(select(Rep.id))
        assert rep_id is not None
        return leads[0].id, leads[1].id, rep_id


async def _book(
    sessionmaker: async_sessionmaker[AsyncSession], lead_id: int, rep_id: int, now: datetime
) -> str:
    async with sessionmaker() as session:
        try:
            await book_meeting(
                session,
                lead_id=lead_id,
                rep_id=rep_id,
                handover_id=None,
                starts_at=SLOT,
                minutes=30,
                remind_before=timedelta(hours=1),
                now=now,
            )
        except SlotTaken:
            return "taken"
        await session.commit()
        return "booked"


async def test_two_instances_booking_one_slot_at_once_get_one_meeting(
    engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    first, second, rep_id = await _two_leads_and_a_rep(sessionmaker, clock())
    # A second engine and session factory, as a second process on the same database has.
    other_engine = create_engine(engine.url.render_as_string(hide_password=False))
    other = create_sessionmaker(other_engine)
    try:
        outcomes = await asyncio.gather(
            _book(sessionmaker, first, rep_id, clock()), _book(other, second, rep_id, clock())
        )
    finally:
        await other_engine.dispose()
    assert sorted(outcomes) == ["booked", "taken"]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 1


async def test_a_cancelled_meeting_frees_its_slot(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    first, second, rep_id = await _two_leads_and_a_rep(sessionmaker, clock())
    assert await _book(sessionmaker, first, rep_id, clock()) == "booked"
    async with sessionmaker() as session:
        meeting = await session.scalar(select(Meeting))
        assert meeting is not None
        meeting.status = "cancelled"
        await session.commit()
    assert await _book(sessionmaker, second, rep_id, clock()) == "booked"


async def test_the_prospect_who_lost_the_slot_is_offered_others(
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    prospect: Prospect,
) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, REP, "Mia Berg", now=clock())
        await session.commit()
    await give_hours(sessionmaker)
    other = Prospect(dispatcher, bot_session, user_id=5003, first_name="Ola", last_name="Nordmann")
    for who in (prospect, other):
        await who.agrees()
        await who.says(HOT)
    await prospect.presses("Mon 23 Nov · 09:00")
    replies = await other.presses("Mon 23 Nov · 09:00")
    assert any("that time was just taken. Here are other times" in r for r in replies)
    await other.presses("Mon 23 Nov · 09:30")
    async with sessionmaker() as session:
        starts = sorted(await session.scalars(select(Meeting.starts_at)))
    assert starts == [SLOT, SLOT + timedelta(minutes=30)]
