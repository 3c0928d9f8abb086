"""A sales rep's full day as one conversation, in German and in English (issue 16).

Mia and her colleague work mon-fri 09:00-17:00 in Berlin; the colleague is away in the
morning, so the morning's four hot leads all reach Mia. She reads her first card, lists and
opens it, accepts it; the second prospect books one of her slots and moves it (the booking is
her acceptance); she takes the first chat over, writes to the prospect and gives the chat back;
an admin hands the third lead to the colleague once he is back; and she rejects the fourth
lead with a reason. Every step is checked on the replies and on the database rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from aiogram.methods import SendDocument, SendMessage
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies, build_dispatcher
from storage.models import Handover, Lead, Meeting
from storage.models import Rep as RepRow
from tests.booking.helpers import documents_to, event_of, give_hours, sent_to, text_of
from tests.support import (
    HOT,
    REP,
    FakeClock,
    Prospect,
    Rep,
    TelegramUser,
    add_plain_rep,
    one,
    stored_lead,
    with_settings,
)

COLLEAGUE = 4712
ADMIN = 9001
# The clock starts on Sunday 22 Nov 2026, 09:00 UTC; the first free slots are Monday's.
MONDAY_NINE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Berlin
TUESDAY_NINE = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
CODES = re.compile(r"\b[a-z]+_[a-z_]+\b")  # budget_known, small_business_owner, it_lead …
HEISS = (
    "Wir brauchen ein Ticketsystem für unsere IT, wir sind 80 Leute, ich bin der IT-Leiter "
    "und entscheide allein, Budget etwa 40.000 Euro im Jahr, wir brauchen es sofort"
)


@dataclass(frozen=True)
class Day:
    """What differs between the German and the English day: names, words, labels."""

    code: str  # the Telegram language code of everyone in the chat
    hot: str
    prospects: tuple[tuple[str, str], ...]
    colleague: str
    new_lead: str
    offered_header: str
    accept: str
    accepted: str
    monday: str
    tuesday_slot: str
    booked: str
    rep_booked: str
    move: str
    moved: str
    talking_to: str
    writing_with_you: str
    back_with_bot: str
    thanks: str
    relayed_reply: str
    reassigned: str
    reassigned_away: str
    reject: str
    reject_why: str
    reason_label: str
    rejected: str
    not_yours: str
    open_leads: str
    lead: str  # the word for a lead in the middle of a sentence
    desk_header: str
    offered: str


ENGLISH = Day(
    code="en",
    hot=HOT,
    prospects=(
        ("Greta", "Lindqvist"),
        ("Omar", "Haddad"),
        ("Lena", "Fox"),
        ("Sam", "Price"),
    ),
    colleague="Tom Weber",
    new_lead="New lead",
    offered_header="<b>Offered to you</b>",
    accept="Accept",
    accepted="Accepted. The lead is yours",
    monday="Mon 23 Nov · 09:00",
    tuesday_slot="Tue 24 Nov · 09:00",
    booked="Booked: your call with Mia Berg on Mon 23 Nov · 09:00 (Europe/Berlin)",
    rep_booked="This counts as your acceptance of the lead.",
    move="Move",
    moved="now on Tue 24 Nov · 09:00",
    talking_to="You are now talking to",
    writing_with_you="Mia Berg from our team is now writing with you here in person.",
    back_with_bot="The chat is back with the bot.",
    thanks="Thanks for the conversation!",
    relayed_reply="Tuesday at ten works for me, see you then.",
    reassigned="is now offered to Tom Weber.",
    reassigned_away="was handed to a colleague by an admin",
    reject="Reject",
    reject_why="Why do you reject this lead?",
    reason_label="No budget",
    rejected="Rejected (No budget). The lead goes back to nurturing.",
    not_yours="This lead is not assigned to you.",
    open_leads="<b>Your open leads</b>",
    lead="lead",
    desk_header="Handovers (open): 2",
    offered="offered",
)
GERMAN = Day(
    code="de",
    hot=HEISS,
    prospects=(
        ("Jörg", "Äbelmann"),
        ("Käthe", "Müller"),
        ("Özlem", "Yıldız"),
        ("Björn", "Weiß"),
    ),
    colleague="Jonas Weber",
    new_lead="Neuer Lead",
    offered_header="<b>Ihnen angeboten</b>",
    accept="Annehmen",
    accepted="Angenommen. Der Lead gehört Ihnen",
    monday="Mo, 23. Nov. · 09:00",
    tuesday_slot="Di, 24. Nov. · 09:00",
    booked="Gebucht: Ihr Gespräch mit Mia Berg am Mo, 23. Nov. · 09:00 (Europe/Berlin)",
    rep_booked="Damit haben Sie den Lead angenommen.",
    move="Verschieben",
    moved="jetzt am Di, 24. Nov. · 09:00",
    talking_to="Sie schreiben jetzt mit",
    writing_with_you="Mia Berg aus unserem Team schreibt jetzt persönlich mit Ihnen.",
    back_with_bot="Der Chat ist wieder beim Bot.",
    thanks="Danke für das Gespräch!",
    relayed_reply="Dienstag um zehn passt mir, bis dann.",
    reassigned="ist jetzt Jonas Weber angeboten.",
    reassigned_away="wurde von einem Admin einer Kollegin oder einem Kollegen gegeben",
    reject="Ablehnen",
    reject_why="Warum lehnen Sie diesen Lead ab?",
    reason_label="Kein Budget",
    rejected="Abgelehnt (Kein Budget). Der Lead geht zurück ins Nurturing.",
    not_yours="Dieser Lead ist Ihnen nicht zugewiesen.",
    open_leads="<b>Ihre offenen Leads</b>",
    lead="Lead",
    desk_header="Übergaben (offen): 2",
    offered="angeboten",
)


async def press(user: TelegramUser, label: str, *, on: str = "") -> list[str]:
    """Press the newest button labelled `label` in the user's own chat, under a message
    whose text contains `on`: what a person sees is their own chat, not someone else's.
    The texts the bot then sent to that chat."""
    since = len(user.session.requests)
    for request in reversed(sent_to(user.session, user.chat.id)):
        markup = request.reply_markup
        if not isinstance(markup, InlineKeyboardMarkup) or on not in text_of(request):
            continue
        for row in markup.inline_keyboard:
            for button in row:
                if label in button.text and button.callback_data:
                    await user.presses_data(button.callback_data)
                    return texts_to(user.session, user.chat.id, since)
    raise AssertionError(f"no button {label!r} under a message with {on!r} in {user.chat.id}")


async def press_for_documents(
    user: TelegramUser, label: str, *chat_ids: int, on: str = ""
) -> list[SendDocument]:
    """Press a button in the user's chat; the one document each of `chat_ids` got for it."""
    since = len(user.session.requests)
    await press(user, label, on=on)
    found = [documents_to(user.session, chat_id, since) for chat_id in chat_ids]
    assert all(len(documents) == 1 for documents in found), found
    return [documents[0] for documents in found]


def texts_to(session: LocalSession, chat_id: int, since: int) -> list[str]:
    """Texts the bot sent to one chat since a point in the session."""
    return [
        text_of(request)
        for request in session.requests[since:]
        if isinstance(request, SendMessage | SendDocument) and int(request.chat_id) == chat_id
    ]


async def handover_of(sessionmaker: async_sessionmaker[AsyncSession], lead_id: int) -> Handover:
    async with sessionmaker() as session:
        return await one(session, select(Handover).where(Handover.lead_id == lead_id))


async def rep_row(sessionmaker: async_sessionmaker[AsyncSession], user_id: int) -> RepRow:
    async with sessionmaker() as session:
        return await one(session, select(RepRow).where(RepRow.telegram_user_id == user_id))


async def meetings(sessionmaker: async_sessionmaker[AsyncSession]) -> list[Meeting]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Meeting)))


@pytest.mark.parametrize("day", [GERMAN, ENGLISH], ids=["de", "en"])
async def test_a_reps_full_day(
    day: Day,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # 1. Two reps with working hours, an admin in the settings.
    dispatcher = build_dispatcher(with_settings(deps, admin_ids=[ADMIN]))
    async with sessionmaker() as session:
        await add_plain_rep(session, REP, "Mia Berg", now=clock(), languages=(day.code,))
        await add_plain_rep(session, COLLEAGUE, day.colleague, now=clock(), languages=(day.code,))
        await session.commit()
    for rep_user_id in (REP, COLLEAGUE):
        await give_hours(sessionmaker, rep_user_id)
    mia = Rep(dispatcher, bot_session, language_code=day.code)
    first, last = day.colleague.split()
    colleague = Rep(
        dispatcher,
        bot_session,
        user_id=COLLEAGUE,
        first_name=first,
        last_name=last,
        language_code=day.code,
    )
    admin = Rep(
        dispatcher,
        bot_session,
        user_id=ADMIN,
        first_name="Ada",
        last_name=None,
        language_code=day.code,
    )
    prospects = [
        Prospect(
            dispatcher,
            bot_session,
            user_id=5001 + number,
            first_name=first_name,
            last_name=last_name,
            language_code="de-DE" if day.code == "de" else "en",
        )
        for number, (first_name, last_name) in enumerate(day.prospects)
    ]
    names = [f"{first_name} {last_name}" for first_name, last_name in day.prospects]
    [away] = await colleague.says("/away")  # the colleague starts the day later
    assert "/back" in away

    # 2. A hot prospect turns sales-ready: Mia gets the card, lists it and opens it.
    await prospects[0].agrees()
    since = len(bot_session.requests)
    await prospects[0].says(day.hot)
    lead_1 = (await stored_lead(sessionmaker, 5001)).id
    [card] = texts_to(bot_session, REP, since)
    assert card.startswith(f"<b>{day.new_lead} {lead_1}</b>"), card
    assert f'<a href="tg://user?id=5001">{names[0]}</a>' in card
    assert not CODES.findall(card), CODES.findall(card)
    assert "+5" not in card and "+10" not in card and "+25" not in card
    assert texts_to(bot_session, COLLEAGUE, since) == []
    [listed] = await mia.says("/leads")
    assert listed.startswith(day.offered_header), listed
    assert f"{lead_1} · {names[0]} · " in listed and f"/lead {lead_1}" in listed
    [opened] = await mia.says(f"/lead {lead_1}")
    assert opened.startswith(f"<b>{day.new_lead} {lead_1}</b>")
    assert (await handover_of(sessionmaker, lead_1)).status == "offered"

    # 3. She accepts on the card: the handover is hers, the lead is sales-accepted.
    [accepted] = await press(mia, day.accept, on=f"{day.new_lead} {lead_1}</b>")
    assert accepted.startswith(day.accepted), accepted
    handover_1 = await handover_of(sessionmaker, lead_1)
    mia_id = (await rep_row(sessionmaker, REP)).id
    assert (handover_1.status, handover_1.rep_id) == ("accepted", mia_id)
    assert (await stored_lead(sessionmaker, 5001)).lifecycle == "sal"
    assert bot_session.sent_texts(5001)[-1].startswith("Mia Berg ")  # who will get in touch

    # 4. The second prospect books one of Mia's slots and moves it; both sides are told,
    #    each with an invitation, and the booking is Mia's acceptance.
    await prospects[1].agrees()
    await prospects[1].says(day.hot)
    lead_2 = (await stored_lead(sessionmaker, 5002)).id
    theirs, hers = await press_for_documents(prospects[1], day.monday, 5002, REP)
    assert day.booked in text_of(theirs), text_of(theirs)
    assert f"{names[1]} (" in text_of(hers) and str(lead_2) in text_of(hers)
    assert day.rep_booked in text_of(hers)
    for document in (theirs, hers):
        [event] = event_of(document).walk("VEVENT")
        assert event.decoded("DTSTART") == MONDAY_NINE
    handover_2 = await handover_of(sessionmaker, lead_2)
    assert (handover_2.status, handover_2.rep_id) == ("accepted", mia_id)
    assert (await stored_lead(sessionmaker, 5002)).lifecycle == "sal"
    [booked] = await meetings(sessionmaker)
    assert (booked.lead_id, booked.rep_id, booked.starts_at) == (lead_2, mia_id, MONDAY_NINE)

    await press(prospects[1], day.move)
    moved, rep_moved = await press_for_documents(prospects[1], day.tuesday_slot, 5002, REP)
    assert day.moved in text_of(moved), text_of(moved)
    assert day.moved in text_of(rep_moved), text_of(rep_moved)
    [before] = event_of(theirs).walk("VEVENT")
    [after] = event_of(rep_moved).walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == TUESDAY_NINE
    [meeting] = await meetings(sessionmaker)  # moved, not booked twice
    assert (meeting.id, meeting.starts_at, meeting.status) == (booked.id, TUESDAY_NINE, "booked")
    assert meeting.sequence == booked.sequence + 1

    # 5. Mia takes the first chat over, writes to Greta, reads her answer, gives it back.
    started = await mia.says(f"/takeover {lead_1}")
    assert any(text.startswith(f"{day.talking_to} {names[0]}") for text in started), started
    assert bot_session.sent_texts(5001)[-1] == day.writing_with_you
    await mia.says(day.relayed_reply)
    assert bot_session.sent_texts(5001)[-1] == day.relayed_reply
    since = len(bot_session.requests)
    await prospects[0].says("👍")
    assert texts_to(bot_session, REP, since) == [f"› {names[0]}: 👍"]
    assert texts_to(bot_session, 5001, since) == []  # the bot stays quiet while Mia writes
    released = await mia.says("/release")
    assert day.back_with_bot in released
    assert bot_session.sent_texts(5001)[-1].startswith(day.thanks)

    # Two more hot leads arrive while the colleague is still away.
    for prospect in prospects[2:]:
        await prospect.agrees()
        await prospect.says(day.hot)
    lead_3 = (await stored_lead(sessionmaker, 5003)).id
    lead_4 = (await stored_lead(sessionmaker, 5004)).id
    for lead_id in (lead_3, lead_4):
        handover = await handover_of(sessionmaker, lead_id)
        assert (handover.status, handover.rep_id) == ("offered", mia_id)

    # 6. The colleague is back; the admin hands him the third lead.
    assert (await colleague.says("/back")) != []
    handover_3 = await handover_of(sessionmaker, lead_3)
    [desk] = await admin.says("/handovers")
    assert desk.startswith(day.desk_header), desk  # in the admin's words, no status codes
    assert f"#{handover_3.id} {day.lead} {lead_3} {names[2]}: {day.offered}, Mia Berg" in desk
    since = len(bot_session.requests)
    await admin.says(f"/reassign {handover_3.id} {COLLEAGUE}")
    [done] = texts_to(bot_session, ADMIN, since)
    assert done.endswith(day.reassigned), done
    assert f"{handover_3.id}" in done and f"{lead_3}" in done
    [his_card] = texts_to(bot_session, COLLEAGUE, since)
    assert his_card.startswith(f"<b>{day.new_lead} {lead_3}</b>"), his_card
    [gone] = texts_to(bot_session, REP, since)
    assert gone.startswith(f"Lead {lead_3} ({names[2]}) {day.reassigned_away}"), gone
    colleague_id = (await rep_row(sessionmaker, COLLEAGUE)).id
    handover_3 = await handover_of(sessionmaker, lead_3)
    assert (handover_3.status, handover_3.rep_id) == ("offered", colleague_id)
    assert await mia.says(f"/lead {lead_3}") == [day.not_yours]
    await press(colleague, day.accept, on=f"{day.new_lead} {lead_3}</b>")
    assert (await handover_of(sessionmaker, lead_3)).status == "accepted"

    # 7. Mia rejects the fourth lead, with a reason.
    [why] = await press(mia, day.reject, on=f"{day.new_lead} {lead_4}</b>")
    assert why == day.reject_why
    assert await press(mia, day.reason_label, on=day.reject_why) == [day.rejected]
    handover_4 = await handover_of(sessionmaker, lead_4)
    assert (handover_4.status, handover_4.decision_note) == ("rejected", "no_budget")
    assert handover_4.decided_at == clock()
    lead = await stored_lead(sessionmaker, 5004)
    assert lead.lifecycle == "recycled"
    assert await mia.says(f"/lead {lead_4}") == [day.not_yours]

    # The end of the day: Mia's list holds the two leads she took, and nothing else.
    [evening] = await mia.says("/leads")
    assert evening.startswith(day.open_leads), evening
    for lead_id in (lead_1, lead_2):
        assert f"/lead {lead_id}" in evening
    for lead_id in (lead_3, lead_4):
        assert f"/lead {lead_id}" not in evening
    async with sessionmaker() as session:
        stages = {lead.id: lead.lifecycle for lead in await session.scalars(select(Lead))}
    assert stages == {lead_1: "sal", lead_2: "sal", lead_3: "sal", lead_4: "recycled"}
