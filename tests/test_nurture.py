"""Follow-ups on a schedule: at the right time, not too often, never after a stop."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies, build_dispatcher
from bot.jobs.follow_ups import send_due
from storage.claims import claim_due
from storage.delivery import FOLLOW_UPS
from storage.models import ScheduledMessage
from tests.support import FakeClock, Prospect, changing_lead

REMINDER = "Shall we finish where we left off?"
CHECKLIST = "Checklist: 12 signs you have outgrown the shared inbox"


async def _qualifying_lead(prospect: Prospect, follow_ups: bool = True) -> None:
    await prospect.says("/start")
    await prospect.presses("Yes, and keep me posted" if follow_ups else "Yes, but no follow")
    await prospect.presses("No, not yet")
    await prospect.says("We need a helpdesk, our support mails get lost")


async def _rows(sessionmaker: async_sessionmaker[AsyncSession]) -> list[ScheduledMessage]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(ScheduledMessage).order_by(ScheduledMessage.id)))


def _sent(session: LocalSession, since: int) -> list[str]:
    return [str(r.text) for r in session.requests[since:] if isinstance(r, SendMessage)]


async def test_reminder_then_sequence_at_their_times(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    refs = {(row.kind, row.ref.split("/")[0]) for row in await _rows(sessionmaker)}
    assert refs == {("sequence", "awareness"), ("reminder", "reminder")}
    mark = len(bot_session.requests)
    clock.advance(hours=23)
    assert await send_due(deps, prospect.bot) == {}
    clock.advance(hours=2)
    assert await send_due(deps, prospect.bot) == {"sent": 1}
    assert REMINDER in _sent(bot_session, mark)[0]
    clock.advance(days=1)
    assert await send_due(deps, prospect.bot) == {"sent": 1}
    assert CHECKLIST in _sent(bot_session, mark)[1]


async def test_a_new_message_moves_the_reminder(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    clock.advance(hours=20)
    await prospect.says("about 40 people")
    reminders = [row for row in await _rows(sessionmaker) if row.kind == "reminder"]
    assert {row.status for row in reminders[:-1]} == {"cancelled"}
    assert reminders[-1].status == "pending"
    assert (reminders[-1].due_at - clock.now).total_seconds() == 24 * 3600
    clock.advance(hours=5)
    assert await send_due(deps, prospect.bot) == {}


async def test_quiet_hours_in_the_leads_time_zone(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    clock.now = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    assert await send_due(deps, prospect.bot) == {"deferred": 1}
    row = [row for row in await _rows(sessionmaker) if row.kind == "reminder"][-1]
    assert row.due_at == datetime(2026, 11, 24, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
    async with changing_lead(sessionmaker) as (_, lead):
        lead.timezone = "America/New_York"  # 16:30 there: not quiet
    row_due = clock.now
    clock.now = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert row_due < clock.now
    assert await send_due(deps, prospect.bot) == {"deferred": 1}  # 02:30 in New York
    clock.now = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 09:00 in New York
    assert await send_due(deps, prospect.bot) == {"sent": 2}  # the reminder and the checklist


async def test_weekly_cap_defers_the_third_follow_up(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    async with changing_lead(sessionmaker) as (session, lead):
        for ref in ("extra/one", "extra/two"):
            session.add(
                ScheduledMessage(
                    lead_id=lead.id,
                    kind="campaign",
                    ref=ref,
                    status="sent",
                    attempts=0,
                    due_at=clock.now,
                    sent_at=clock.now,
                )
            )
    clock.advance(days=1, hours=1)
    assert await send_due(deps, prospect.bot) == {"deferred": 1}
    row = [row for row in await _rows(sessionmaker) if row.kind == "reminder"][-1]
    assert row.note == "weekly cap"
    assert (row.due_at - datetime(2026, 11, 22, 9, 0, tzinfo=UTC)).days == 7


async def test_nothing_is_sent_after_stop_or_once_sales_has_the_lead(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    await prospect.says("/stop")
    clock.advance(days=30)
    # The withdrawal itself cancels what was planned; nothing is left to send.
    assert {row.status for row in await _rows(sessionmaker)} == {"cancelled"}
    assert await send_due(deps, prospect.bot) == {}


async def test_leads_with_sales_get_no_marketing(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    async with changing_lead(sessionmaker) as (_, lead):
        lead.lifecycle = "mql"
    clock.advance(days=30)
    assert await send_due(deps, prospect.bot) == {"cancelled": 3}


async def test_no_follow_ups_without_marketing_consent(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect, follow_ups=False)
    assert [row.status for row in await _rows(sessionmaker)] == []
    clock.advance(days=30)
    assert await send_due(deps, prospect.bot) == {}


async def test_due_follow_ups_survive_a_restart_and_are_claimed_once(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    clock.advance(days=3)
    async with sessionmaker() as first, sessionmaker() as second:
        claimed = await claim_due(first, FOLLOW_UPS, clock(), batch=50)
        await first.commit()
        assert len(claimed) == 2
        assert await claim_due(second, FOLLOW_UPS, clock(), batch=50) == []
        await second.commit()
    restarted = LocalSession()
    after_restart = Prospect(build_dispatcher(deps), restarted)
    clock.advance(minutes=11)  # the first sender died: its claims expire
    assert await send_due(deps, after_restart.bot) == {"sent": 2}


async def test_campaign_reaches_eligible_leads_on_its_date(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
) -> None:
    await _qualifying_lead(prospect)
    async with deps.sessionmaker() as session:  # the sequence ran its course long ago
        await session.execute(update(ScheduledMessage).values(status="sent", sent_at=clock()))
        await session.commit()
    clock.now = datetime(2027, 3, 9, 10, 5, tzinfo=UTC)
    mark = len(bot_session.requests)
    outcomes = await send_due(deps, prospect.bot)
    assert outcomes.get("sent", 0) >= 1
    assert any("16 March" in text for text in _sent(bot_session, mark))


async def test_telegram_failures_are_retried(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    clock.advance(hours=25)
    method = SendMessage(chat_id=1, text="x")
    bot_session.queue(TelegramRetryAfter(method=method, message="flood", retry_after=30))
    assert await send_due(deps, prospect.bot) == {"deferred": 1}
    clock.advance(seconds=31)
    bot_session.queue(TelegramServerError(method=method, message="bad gateway"))
    assert await send_due(deps, prospect.bot) == {"retry": 1}
    clock.advance(minutes=3)
    assert await send_due(deps, prospect.bot) == {"sent": 1}


async def test_a_prospect_who_blocked_the_bot_gets_no_more_follow_ups(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _qualifying_lead(prospect)
    clock.advance(hours=25)
    blocked = TelegramForbiddenError(method=SendMessage(chat_id=1, text="x"), message="blocked")
    bot_session.queue(blocked)
    assert await send_due(deps, prospect.bot) == {"cancelled": 1}
    reminder = [row for row in await _rows(sessionmaker) if row.kind == "reminder"][-1]
    assert (reminder.status, reminder.attempts) == ("cancelled", 0)
