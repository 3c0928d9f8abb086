"""A hot lead books a meeting in the chat, and either side moves or cancels it."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Dispatcher
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.dialogs.callbacks import BookingCallback
from bot.qualify.booking.offers import minutes_of
from storage.models import Handover, Meeting
from tests.booking.helpers import (
    event_of,
    give_hours,
    hot_prospect,
    press_for_documents,
    sent_to,
    text_of,
)
from tests.support import (
    HOT,
    REP,
    FakeClock,
    Prospect,
    Rep,
    add_plain_rep,
    inline_labels,
    one,
    stored_lead,
)

# The clock starts on Sunday 22 Nov 2026, 09:00 UTC; Mia works mon-fri 09:00-17:00 Berlin.
MONDAY_NINE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
JONAS = 4712  # a German-speaking rep


def _last_keyboard(session: LocalSession, chat_id: int) -> list[str]:
    """The latest meeting keyboard (the contact question's Skip may come after it)."""
    for request in reversed(sent_to(session, chat_id)):
        markup = request.reply_markup
        if isinstance(markup, InlineKeyboardMarkup) and any(
            str(button.callback_data).startswith("m:")
            for row in markup.inline_keyboard
            for button in row
        ):
            return inline_labels(markup)
    raise AssertionError("no meeting keyboard was sent")


async def _meeting(sessionmaker: async_sessionmaker[AsyncSession]) -> Meeting:
    async with sessionmaker() as session:
        return await one(session, select(Meeting))


async def test_a_hot_lead_is_offered_three_slots_of_its_rep_on_three_days(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await hot_prospect(prospect, sessionmaker)
    replies = prospect.replies()
    assert any("Pick a time for a 30-minute call (times in Europe/Berlin)" in r for r in replies)
    assert _last_keyboard(bot_session, prospect.chat.id) == [
        "Mon 23 Nov · 09:00",
        "Tue 24 Nov · 09:00",
        "Wed 25 Nov · 09:00",
    ]


async def test_no_slots_are_offered_when_no_rep_has_working_hours(
    mia: Rep, prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    replies = await prospect.says(HOT)
    assert not any("Pick a time" in r for r in replies)
    assert (await stored_lead(sessionmaker)).lifecycle == "mql"


async def test_book_move_and_cancel_reach_both_sides_with_the_invitation(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await hot_prospect(prospect, sessionmaker)
    # Both get the confirmation with the invitation; the booking is Mia's acceptance.
    mine, hers = await press_for_documents(
        bot_session, prospect, "Mon 23 Nov", prospect.chat.id, REP
    )
    assert "Booked: your call with Mia Berg on Mon 23 Nov · 09:00 (Europe/Berlin)" in text_of(mine)
    assert "Greta Lindqvist (lead" in text_of(hers)
    assert "acceptance" in text_of(hers)
    for document in (mine, hers):
        [event] = event_of(document).walk("VEVENT")
        assert event.decoded("DTSTART") == MONDAY_NINE
        assert inline_labels(document.reply_markup) == ["🔁 Move", "✖ Cancel"]
    lead = await stored_lead(sessionmaker)
    assert lead.lifecycle == "sal"
    async with sessionmaker() as session:
        handover = await one(session, select(Handover))
    assert handover.status == "accepted"

    # The prospect moves it to Tuesday: the same UID, a higher SEQUENCE.
    await prospect.presses("Move")
    assert _last_keyboard(bot_session, prospect.chat.id) == [
        "Mon 23 Nov · 09:30",  # its own time is not offered again
        "Tue 24 Nov · 09:00",
        "Wed 25 Nov · 09:00",
    ]
    moved, rep_moved = await press_for_documents(
        bot_session, prospect, "Tue 24 Nov", prospect.chat.id, REP
    )
    assert "now on Tue 24 Nov · 09:00" in text_of(moved)
    assert "now on Tue 24 Nov · 09:00" in text_of(rep_moved)
    [before] = event_of(mine).walk("VEVENT")
    [after] = event_of(moved).walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == TUESDAY_NINE
    assert int(str(after["SEQUENCE"])) == int(str(before["SEQUENCE"])) + 1
    assert (await _meeting(sessionmaker)).starts_at == TUESDAY_NINE

    # The rep cancels: the prospect is told, and the invitation says CANCELLED.
    [cancelled] = await press_for_documents(bot_session, mia, "Cancel", prospect.chat.id)
    assert "is cancelled" in text_of(cancelled)
    [event] = event_of(cancelled).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert cancelled.reply_markup is None
    assert (await _meeting(sessionmaker)).status == "cancelled"


async def test_the_rep_moves_the_meeting_to_a_slot_of_their_own(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await hot_prospect(prospect, sessionmaker, zone="Europe/London")
    await prospect.presses("Mon 23 Nov · 10:00")  # 09:00 in London is 10:00 in Berlin
    await mia.presses("Move")
    # Mia reads her own zone.
    assert _last_keyboard(bot_session, REP)[:2] == ["Mon 23 Nov · 09:30", "Tue 24 Nov · 09:00"]
    [told] = await press_for_documents(bot_session, mia, "Tue 24 Nov · 09:00", prospect.chat.id)
    assert "now on Tue 24 Nov · 10:00 (Europe/Berlin)" in text_of(told)
    assert (await _meeting(sessionmaker)).starts_at == datetime(2026, 11, 24, 9, tzinfo=UTC)


async def test_a_german_prospect_books_in_german_with_a_german_rep(
    german_prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, JONAS, "Jonas Weber", now=clock(), languages=("de",))
        await session.commit()
    await give_hours(sessionmaker, JONAS)
    await german_prospect.agrees()
    await german_prospect.says(
        "Wir brauchen ein Ticketsystem für unseren IT-Support, wir sind 80 Mitarbeiter, ich bin "
        "der Geschäftsführer und entscheide allein, Budget etwa 40.000 € im Jahr, Start sofort"
    )
    assert _last_keyboard(bot_session, german_prospect.chat.id)[0] == "Mo, 23. Nov. · 09:00"
    mine, his = await press_for_documents(
        bot_session, german_prospect, "Mo, 23. Nov.", german_prospect.chat.id, JONAS
    )
    assert "Gebucht: Ihr Gespräch mit Jonas Weber am Mo, 23. Nov. · 09:00" in text_of(mine)
    assert "Damit haben Sie den Lead angenommen" in text_of(his)
    lead = await stored_lead(sessionmaker, german_prospect.user.id)
    [event] = event_of(his).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Gespräch mit Jörg Äbelmann (Lead {lead.id})"


async def test_nobody_else_can_move_or_cancel_a_meeting(
    mia: Rep,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await hot_prospect(prospect, sessionmaker)
    await prospect.presses("Mon 23 Nov · 09:00")
    meeting = await _meeting(sessionmaker)
    stranger = Prospect(dispatcher, bot_session, user_id=5009, first_name="Eve")
    await stranger.agrees()
    for action in ("cancel", "move"):
        data = BookingCallback(action=action, meeting=meeting.id).pack()
        assert await stranger.presses_data(data) == ["This meeting is no longer booked."]
    # A slot button in the past, or forged off the grid, books nothing.
    forged = BookingCallback(action="pick", rep=meeting.rep_id, at=minutes_of(MONDAY_NINE) + 7)
    await stranger.presses_data(forged.pack())
    assert (await _meeting(sessionmaker)).status == "booked"
    async with sessionmaker() as session:
        assert len(list(await session.scalars(select(Meeting)))) == 1
