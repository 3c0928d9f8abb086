"""Reps work their leads in Telegram; nobody else can use their commands."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies, build_dispatcher
from storage.models import Rep
from tests.support import HOT, REP, FakeClock, Prospect, stored_lead, with_settings

UNKNOWN = "I don't know that command. /help lists what I can do."


async def _accepted(
    prospect: Prospect, dispatcher: Dispatcher, bot_session: LocalSession
) -> tuple[Prospect, int]:
    await prospect.agrees()
    await prospect.says(HOT)
    mia = Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia")
    await mia.presses("Accept")
    return mia, prospect.user.id


async def test_rep_lists_shows_and_marks_their_leads(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    mia, user = await _accepted(prospect, dispatcher, bot_session)
    lead_id = (await stored_lead(sessionmaker, user)).id
    listed = await mia.says("/leads")
    assert listed[0].startswith("<b>Your open leads</b>")
    assert f"{lead_id} · Greta Lindqvist · accepted (SAL) · hot — /lead {lead_id}" in listed[0]
    card = await mia.says(f"/lead {lead_id}")
    assert "budget: 40,000 a year" in card[0]
    refused = f"Lead {lead_id} cannot go from accepted (SAL) to won."
    assert await mia.says(f"/won {lead_id}") == [refused]
    assert await mia.says(f"/sql {lead_id}") == [f"Lead {lead_id} is now qualified (SQL)."]
    assert await mia.says(f"/won {lead_id}") == [f"Lead {lead_id} is now won."]
    assert await mia.says("/leads") == ["You have no open leads."]
    assert await mia.says("/sql") == ["Send /sql followed by the lead's number, e.g. /sql 12."]


async def test_prospects_and_other_reps_cannot_use_rep_commands(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    _, user = await _accepted(prospect, dispatcher, bot_session)
    lead_id = (await stored_lead(sessionmaker, user)).id
    assert await prospect.says(f"/won {lead_id}") == [UNKNOWN]
    assert await prospect.says("/leads") == [UNKNOWN]
    async with sessionmaker() as session:
        session.add(
            Rep(
                telegram_user_id=31337,
                name="Other",
                languages=[],
                personas=[],
                territories=[],
                weight=1,
                available=True,
                assigned=0,
                created_at=clock(),
            )
        )
        await session.commit()
    other = Prospect(dispatcher, bot_session, user_id=31337, first_name="Olaf")
    assert await other.says(f"/lead {lead_id}") == ["This lead is not assigned to you."]
    assert await other.says(f"/lost {lead_id}") == ["This lead is not assigned to you."]


async def test_away_and_back_and_addrep_for_admins(
    rep: None,
    deps: Dependencies,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    dispatcher = build_dispatcher(with_settings(deps, admin_ids=[1]))
    mia = Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia")
    assert await mia.says("/away") == ["You are marked away: no new leads until /back."]
    assert await mia.says("/addrep 55 Tom") == [UNKNOWN]
    admin = Prospect(dispatcher, bot_session, user_id=1, first_name="Ada")
    assert await admin.says("/addrep 55 Tom Weber") == ["Rep Tom Weber (55) added."]
    assert (await admin.says("/addrep nonsense"))[0].startswith("Send /addrep TELEGRAM_ID Name")
    added = await admin.says("/addrep 56 Ute Kahl; languages=de; personas=it_lead; weight=3")
    assert added == ["Rep Ute Kahl (56) added."]
    async with sessionmaker() as session:
        reps = {
            r.name: (r.available, r.languages, r.personas, r.weight)
            for r in await session.scalars(select(Rep))
        }
    assert reps == {
        "Mia Berg": (False, ["en"], [], 1),
        "Tom Weber": (True, [], [], 1),
        "Ute Kahl": (True, ["de"], ["it_lead"], 3),
    }


async def test_takeover_relays_both_ways_until_release(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    mia, user = await _accepted(prospect, dispatcher, bot_session)
    lead_id = (await stored_lead(sessionmaker, user)).id
    started = await mia.says(f"/takeover {lead_id}")
    assert any(text.startswith("You are now talking to Greta Lindqvist") for text in started)
    told = bot_session.sent_texts(prospect.chat.id)[-1]
    assert told == "Mia Berg from our team is now writing with you here in person."
    mark = len(bot_session.requests)
    await prospect.says("Great, can we meet on Thursday?")
    to_rep = [
        r.text
        for r in bot_session.requests[mark:]
        if isinstance(r, SendMessage) and r.chat_id == REP
    ]
    assert to_rep == ["› Greta Lindqvist: Great, can we meet on Thursday?"]
    assert bot_session.sent_texts(prospect.chat.id)[-1] == told  # the bot stayed quiet
    await mia.says("Thursday 10:00 works <b>for me</b>")
    assert bot_session.sent_texts(prospect.chat.id)[-1] == (
        "Thursday 10:00 works &lt;b&gt;for me&lt;/b&gt;"
    )
    released = await mia.says("/release")
    assert "The chat is back with the bot." in released
    assert bot_session.sent_texts(prospect.chat.id)[-1].startswith("Thanks for the conversation!")
    replies = await prospect.says("What does it cost?")
    assert any("19 €" in reply for reply in replies)
    assert await prospect.says("/takeover 1") == [UNKNOWN]
