"""Who reaches which router: reps and admins are never leads, and every button is answered."""

from __future__ import annotations

import pytest
from aiogram.types import Chat
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.dialogs.callbacks import (
    ConsentCallback,
    HandoverAction,
    HandoverCallback,
    QualifyAction,
    QualifyCallback,
)
from bot.factory import Dependencies, build_dispatcher
from bot.qualify.consent import ConsentChoice
from bot.qualify.vocabulary import RejectReason
from storage.models import Lead
from tests.support import HOT, Prospect, Rep, with_settings

UNKNOWN = "I don't know that command. /help lists what I can do."


async def _lead_users(sessionmaker: async_sessionmaker[AsyncSession]) -> set[int]:
    async with sessionmaker() as session:
        return set(await session.scalars(select(Lead.telegram_user_id)))


async def test_a_rep_using_leads_and_accept_creates_no_lead_for_the_rep(
    mia: Rep, prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    assert any("Accepted" in reply for reply in await mia.accepts())
    assert (await mia.says("/leads"))[0].startswith("<b>Your open leads</b>")
    assert await _lead_users(sessionmaker) == {prospect.user.id}


async def test_a_rep_who_writes_or_starts_is_not_asked_for_consent(
    mia: Rep, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    # Text with no chat taken over is answered with a hint (never lost unnoticed), not consent.
    [hint] = await mia.says("Good morning")
    assert hint.startswith("This goes to no prospect") and "may I keep" not in hint
    assert await mia.says("/start") == [UNKNOWN]
    assert (await mia.says("/help"))[0].startswith("<b>Commands for reps</b>")
    assert await _lead_users(sessionmaker) == set()


async def test_an_admin_using_addrep_creates_no_lead(
    deps: Dependencies, bot_session: LocalSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    dispatcher = build_dispatcher(with_settings(deps, admin_ids=[1]))
    admin = Prospect(dispatcher, bot_session, user_id=1, first_name="Ada")
    assert await admin.says("/addrep 55 Tom Weber") == ["Rep Tom Weber (55) added."]
    assert await admin.says("hello") == []
    assert await _lead_users(sessionmaker) == set()


async def test_a_group_chat_creates_no_lead(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    prospect.chat = Chat(id=-100123, type="supergroup", title="Sales floor")
    assert await prospect.says("We need a helpdesk") == []
    assert await prospect.says("/frobnicate") == [UNKNOWN]
    assert await _lead_users(sessionmaker) == set()


async def test_forged_handover_data_is_refused_and_logged(
    mia: Rep, caplog: pytest.LogCaptureFixture
) -> None:
    assert await mia.presses_data("h:approve:1:") == ["This lead is not assigned to you."]
    assert await mia.presses_data("h:reason:1:bribe") == ["This lead is not assigned to you."]
    assert "refused handover callback from 4711" in caplog.text


async def test_a_reject_reason_without_a_reason_is_refused(mia: Rep) -> None:
    data = HandoverCallback(action=HandoverAction.REASON, handover=1).pack()
    assert await mia.presses_data(data) == ["This lead is not assigned to you."]


async def test_each_dispatcher_gets_routers_of_its_own(
    deps: Dependencies, bot_session: LocalSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    first, second = build_dispatcher(deps), build_dispatcher(deps)
    assert first.sub_routers[0] is not second.sub_routers[0]
    for dispatcher, user_id in ((first, 6001), (second, 6002)):
        replies = await Prospect(dispatcher, bot_session, user_id=user_id).says("/help")
        assert replies[0].startswith("<b>What I can do</b>")
    assert await _lead_users(sessionmaker) == {6001, 6002}


def test_packed_callback_data_is_what_sent_buttons_carry() -> None:
    assert QualifyCallback(action="answer", slot="need", value="tickets").pack() == (
        "q:answer:need:tickets"
    )
    assert QualifyCallback(action=QualifyAction.HUMAN).pack() == "q:human::"
    assert ConsentCallback(choice=ConsentChoice.NO_MARKETING).pack() == "consent:no_marketing"
    assert HandoverCallback(action="accept", handover=7, reason="").pack() == "h:accept:7:"
    reason = HandoverCallback.unpack("h:reason:7:timing")
    assert (reason.action, reason.handover, reason.reason) == (
        HandoverAction.REASON,
        7,
        RejectReason.TIMING,
    )


async def test_the_fallback_answers_in_the_leads_language(german_prospect: Prospect) -> None:
    await german_prospect.says("/start")
    await german_prospect.says("/language")
    await german_prospect.presses("English")
    assert await german_prospect.says("/frobnicate") == [UNKNOWN]
