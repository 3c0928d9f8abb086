"""An hour before a booked meeting both sides are reminded, once, and never after a cancel."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.reminders import reminder_job
from storage.models import Meeting
from tests.booking.helpers import hot_prospect
from tests.support import REP, FakeClock, Prospect, Rep, one


def _reminders(session: LocalSession, chat_id: int) -> list[str]:
    sent = [r for r in session.requests if isinstance(r, SendMessage)]
    return [r.text for r in sent if int(r.chat_id) == chat_id and "in an hour" in r.text.lower()]


async def _booked(prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]) -> Meeting:
    await hot_prospect(prospect, sessionmaker)
    await prospect.presses("Mon 23 Nov · 09:00")
    async with sessionmaker() as session:
        return await one(session, select(Meeting))


async def test_the_reminder_goes_out_once_an_hour_before(
    mia: Rep,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    meeting = await _booked(prospect, sessionmaker)
    clock.now = meeting.starts_at - timedelta(minutes=61)
    await reminder_job(deps, prospect.bot)
    assert _reminders(bot_session, prospect.chat.id) == []
    clock.advance(minutes=1)
    for _ in range(3):  # later runs, or a second instance, find it sent
        await reminder_job(deps, prospect.bot)
        clock.advance(minutes=1)
    assert _reminders(bot_session, prospect.chat.id) == [
        "Reminder: your call with Mia Berg starts in an hour, Mon 23 Nov · 09:00 (Europe/Berlin)."
    ]
    [told] = _reminders(bot_session, REP)
    assert told.startswith("⏰ In an hour: your call with Greta Lindqvist (lead")


async def test_a_moved_meeting_is_reminded_at_its_new_time_and_a_cancelled_one_never(
    mia: Rep,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    meeting = await _booked(prospect, sessionmaker)
    await prospect.presses("Move")
    await prospect.presses("Tue 24 Nov · 09:00")
    clock.now = meeting.starts_at - timedelta(minutes=30)
    await reminder_job(deps, prospect.bot)
    assert _reminders(bot_session, prospect.chat.id) == []  # Monday is no longer booked
    clock.now = meeting.starts_at + timedelta(days=1, minutes=-60)
    await prospect.presses("Cancel")
    await reminder_job(deps, prospect.bot)
    assert _reminders(bot_session, prospect.chat.id) == []
    assert _reminders(bot_session, REP) == []


async def test_a_prospect_who_stops_has_the_meeting_cancelled_and_is_not_reminded(
    mia: Rep,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    meeting = await _booked(prospect, sessionmaker)
    await prospect.says("/stop")
    clock.now = meeting.starts_at - timedelta(minutes=30)
    await reminder_job(deps, prospect.bot)
    assert _reminders(bot_session, prospect.chat.id) == []
    assert _reminders(bot_session, REP) == []
    async with sessionmaker() as session:
        assert (await one(session, select(Meeting))).status == "cancelled"
