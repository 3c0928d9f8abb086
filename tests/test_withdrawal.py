"""Withdrawal, "not interested" and erasure end everything sales holds of a lead, at once."""

from __future__ import annotations

from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.sla import sla_job
from storage.models import Handover, Lead
from tests.support import (
    HOT,
    REP,
    FakeClock,
    Prospect,
    Rep,
    add_plain_rep,
    stored_lead,
    taken_over,
    with_settings,
)

MANAGER = -100500
NOT_YOURS = "This lead is not assigned to you."


async def _handover_statuses(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Handover.status).order_by(Handover.id)))


async def _second_rep(sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, 12, "Ben Ott", now=clock())
        await session.commit()


async def test_stop_closes_an_offered_handover_and_nobody_can_take_it(
    mia: Rep,
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    lead_id = (await stored_lead(sessionmaker)).id
    await _second_rep(sessionmaker, clock)
    await prospect.says("/stop")
    assert bot_session.sent_texts(prospect.chat.id)[-1].startswith("Done: you will receive no")
    closed = (
        f"Lead {lead_id} is closed: the prospect withdrew consent. Please do not contact them."
    )
    assert bot_session.sent_texts(REP)[-1] == closed
    assert await mia.accepts() == [NOT_YOURS]
    seen = len(bot_session.requests)
    clock.advance(hours=30)
    await sla_job(with_settings(deps, manager_chat_id=MANAGER), prospect.bot)
    assert bot_session.requests[seen:] == []  # no re-offer, no escalation, no card
    assert await _handover_statuses(sessionmaker) == ["cancelled"]
    lead = await stored_lead(sessionmaker)
    assert (lead.lifecycle, lead.taken_over_by) == ("suppressed", None)


async def test_stop_in_words_is_a_withdrawal_not_a_request_for_a_person(
    mia: Rep, prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    replies = await prospect.says("stop")
    # The rep's one line goes at once; the prospect's confirmation after the commit.
    assert any(reply.startswith("Done: you will receive no more messages") for reply in replies)
    assert await _handover_statuses(sessionmaker) == ["cancelled"]
    assert (await stored_lead(sessionmaker)).lifecycle == "suppressed"


async def test_after_stop_only_answers_to_questions_reach_the_prospect(
    mia: Rep, prospect: Prospect, bot_session: LocalSession
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    await prospect.says("/stop")
    before = len(bot_session.sent_texts(prospect.chat.id))
    replies = await prospect.says("What does it cost?")
    assert any("19 €" in reply for reply in replies)
    assert await mia.accepts() == [NOT_YOURS]
    assert len(bot_session.sent_texts(prospect.chat.id)) == before + len(replies)


async def test_not_interested_ends_a_takeover_and_refuses_the_next(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    lead_id = await taken_over(prospect, mia, sessionmaker)
    await mia.says("/release")
    await prospect.says("We are not interested anymore, thanks")
    assert bot_session.sent_texts(REP)[-1] == (
        f"Lead {lead_id} is closed: the prospect is not interested. Please do not contact them."
    )
    assert await mia.says(f"/takeover {lead_id}") == [NOT_YOURS]
    assert (await stored_lead(sessionmaker)).taken_over_by is None


async def test_stop_during_a_takeover_ends_it_and_nothing_is_relayed(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    lead_id = await taken_over(prospect, mia, sessionmaker)
    await prospect.says("/stop")
    assert "withdrew consent" in bot_session.sent_texts(REP)[-1]
    seen = len(bot_session.sent_texts(prospect.chat.id))
    await mia.says("Are you still there?")  # no takeover any more: not relayed
    assert len(bot_session.sent_texts(prospect.chat.id)) == seen
    assert await mia.says(f"/takeover {lead_id}") == [NOT_YOURS]


async def test_erasure_tells_the_rep_and_the_card_can_no_longer_be_accepted(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    lead_id = (await stored_lead(sessionmaker)).id
    await prospect.says("/forget")
    await prospect.presses("Yes, erase it")
    assert bot_session.sent_texts(REP)[-1] == (
        f"Lead {lead_id} is closed: the prospect had their data erased. "
        "Please do not contact them."
    )
    assert await mia.accepts() == [NOT_YOURS]
    async with sessionmaker() as session:
        assert list(await session.scalars(select(Lead))) == []


async def test_delete_my_data_in_words_offers_erasure(prospect: Prospect) -> None:
    await prospect.agrees()
    replies = await prospect.says("Please delete my data")
    assert "Go ahead?" in replies[0]


async def test_a_rep_talks_to_one_prospect_at_a_time(
    mia: Rep,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    other = Prospect(dispatcher, bot_session, user_id=5003, first_name="Olga", last_name="Sand")
    for person in (prospect, other):
        await person.agrees()
        await person.says(HOT)
        await mia.accepts()
    greta = (await stored_lead(sessionmaker)).id
    olga = (await stored_lead(sessionmaker, 5003)).id
    await mia.says(f"/takeover {greta}")
    assert await mia.says(f"/takeover {olga}") == [
        f"You are talking to lead {greta} already: /release it first, so your words go to "
        "one prospect only."
    ]
    olga_before = bot_session.sent_texts(other.chat.id)
    await mia.says("Your quote for 80 seats is 38k, confidential")
    assert bot_session.sent_texts(other.chat.id) == olga_before
    assert bot_session.sent_texts(prospect.chat.id)[-1].startswith("Your quote for 80 seats")
    await mia.says("/release")
    taken = await mia.says(f"/takeover {olga}")
    assert any(reply.startswith("You are now talking to Olga") for reply in taken)
