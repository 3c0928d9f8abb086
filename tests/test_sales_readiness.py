"""Issue 11 in the dialog: interest over compliance, a person is no MQL, customers apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.settings import Settings
from storage.models import Customer, Handover, Lead, LifecycleChange
from tests.support import REP, TEST_CONTENT_DIR, FakeClock, Prospect, one

SUPPORT = -100_555


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None, data_dir=tmp_path, content_dir=TEST_CONTENT_DIR, support_chat_id=SUPPORT
    )


async def test_quick_answers_to_our_questions_earn_little(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    for text in ("tickets for our IT", "about 80 people", "I run IT", "next year", "no idea"):
        await prospect.says(text)
    async with sessionmaker() as session:
        lead = await one(session, select(Lead))
    # consent 2, messages and answers at most 3 a day each: far from level 3
    assert lead.engagement_score <= 8 and lead.engagement_level <= 2
    assert lead.lifecycle == "engaged" and not lead.sales_ready


async def test_asking_for_a_person_is_no_mql_and_an_accept_makes_it_sal(
    rep: None,
    prospect: Prospect,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says("/human")
    async with sessionmaker() as session:
        handover = await one(session, select(Handover))
        assert (handover.reason, (await one(session, select(Lead))).lifecycle) == (
            "human_request",
            "engaged",
        )
    await Prospect(dispatcher, bot_session, user_id=REP, first_name="Mia").presses("Accept")
    async with sessionmaker() as session:
        changes = select(LifecycleChange).order_by(LifecycleChange.id)
        moves = [c.to_state for c in await session.scalars(changes)]
    assert moves[-1] == "sal" and "mql" not in moves


async def test_a_customer_request_goes_to_the_support_chat_and_not_into_the_funnel(
    rep: None,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    async with sessionmaker() as session:
        session.add(
            Customer(telegram_user_id=prospect.user.id, company="Hansen", imported_at=clock())
        )
        await session.commit()
    await prospect.says("/start")
    await prospect.presses("Yes, but no follow-ups")
    await prospect.says("We must add 5 licences asap, the invoice went to the old address")
    assert bot_session.sent_texts(REP) == []
    (card,) = bot_session.sent_texts(SUPPORT)
    assert "customer request, not a sales lead" in card
    async with sessionmaker() as session:
        lead = await one(session, select(Lead))
        handover = await one(session, select(Handover))
    assert (lead.temperature, lead.sales_ready, handover.reason) == ("cold", False, "customer")
    assert lead.lifecycle not in ("mql", "sal", "sql")
