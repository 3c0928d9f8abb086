"""Handing a sales-ready lead to a rep: the card, accept, reject, and who may decide."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.dialogs.callbacks import HandoverCallback
from bot.factory import Dependencies
from bot.jobs.outbox import deliver_outbox
from storage.models import Handover, Outbox
from tests.support import HOT, REP, FakeClock, Prospect, inline_labels, one, stored_lead


def _to(session: LocalSession, chat_id: int, since: int = 0) -> list[SendMessage]:
    return [
        r
        for r in session.requests[since:]
        if isinstance(r, SendMessage) and int(r.chat_id) == chat_id
    ]


async def test_the_rep_gets_the_card_within_the_same_update(
    rep: None,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    cards = _to(bot_session, REP)
    assert len(cards) == 1
    card = cards[0].text
    lead_id = (await stored_lead(sessionmaker)).id
    assert f"New lead {lead_id}</b> (sales-ready): <b><a href=" in card
    assert "budget: 40,000 a year — “40k”" in card
    # One label: a sales-ready lead is hot, and the card says why in words, not rule ids.
    assert "<b>hot</b>" in card
    assert "Why now: decides alone, budget 40,000 a year, wants to start" in card
    assert "decision_maker" not in card
    assert "decision: decides alone — “I'm the CTO and I decide”" in card
    assert inline_labels(cards[0].reply_markup) == ["✅ Accept", "✖ Reject"]
    assert (await stored_lead(sessionmaker)).lifecycle == "mql"


async def test_accept_makes_the_lead_sal_and_tells_the_prospect_who_calls(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    mia = Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia")
    mark = len(bot_session.requests)
    replies = await mia.presses("Accept")
    assert any("Accepted. The lead is yours" in reply for reply in replies)
    told = [m.text for m in _to(bot_session, prospect.chat.id, mark)]
    assert told == ["Mia Berg from our team will contact you personally."]
    assert (await stored_lead(sessionmaker)).lifecycle == "sal"


async def test_reject_asks_why_and_recycles_the_lead(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    mia = Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia")
    assert await mia.presses("Reject") == ["Why do you reject this lead?"]
    replies = await mia.presses("Too early")
    assert replies[-1] == "Rejected (Too early). The lead goes back to nurturing."
    async with sessionmaker() as session:
        handover = await one(session, select(Handover))
        assert (handover.status, handover.decision_note) == ("rejected", "timing")
    assert (await stored_lead(sessionmaker)).lifecycle == "recycled"


async def test_someone_else_and_forged_data_are_refused(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    async with sessionmaker() as session:
        handover_id = (await one(session, select(Handover))).id
    intruder = Prospect(dispatcher, bot_session, user_id=999, first_name="Eve")
    data = HandoverCallback(action="accept", handover=handover_id).pack()
    assert await intruder.presses_data(data) == ["This lead is not assigned to you."]
    mia = Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia")
    assert await mia.presses_data(HandoverCallback(action="accept", handover=424242).pack()) == [
        "This lead is not assigned to you."
    ]
    assert "refused handover callback from 999" in caplog.text
    assert (await stored_lead(sessionmaker)).lifecycle == "mql"


async def test_card_escapes_html_in_names(
    rep: None, dispatcher: Dispatcher, bot_session: LocalSession
) -> None:
    tricky = Prospect(
        dispatcher, bot_session, user_id=5001, first_name="Ann <b>&", last_name="<script>"
    )
    await tricky.agrees()
    await tricky.says(HOT)
    card = _to(bot_session, REP)[0].text
    assert "Ann &lt;b&gt;&amp; &lt;script&gt;" in card and "<script>" not in card


async def test_a_failed_card_is_retried_by_the_worker_and_sent_once(
    rep: None,
    prospect: Prospect,
    deps: Dependencies,
    bot_session: LocalSession,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    failure = TelegramServerError(method=SendMessage(chat_id=1, text="x"), message="bad gateway")
    original = bot_session.make_request

    async def flaky(  # the card send fails once
        bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, SendMessage) and int(method.chat_id) == REP:
            bot_session.make_request = original  # type: ignore[method-assign]  # a test double
            raise failure
        return await original(bot, method, timeout)

    bot_session.make_request = flaky  # type: ignore[method-assign]  # a test double
    await prospect.says(HOT)
    assert _to(bot_session, REP) == []
    async with sessionmaker() as session:
        row = await one(session, select(Outbox).where(Outbox.chat_id == REP))
        assert (row.status, row.attempts) == ("pending", 1)
    clock.advance(seconds=3)
    assert await deliver_outbox(deps, prospect.bot) == {"sent": 1}
    assert await deliver_outbox(deps, prospect.bot) == {}
    assert len(_to(bot_session, REP)) == 1
