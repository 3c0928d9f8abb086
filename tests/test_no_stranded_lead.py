"""No stranded lead: with no rep to take it the prospect is promised the next business day,
the admins are told once, SLA notices name the lead, escalation without a manager chat
reaches the admins, and an admin can hand a handover to a rep by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies, build_dispatcher
from bot.jobs.sla import sla_job
from bot.qualify.desk import next_business_day, sla_policy
from storage.models import Handover
from tests.support import HOT, REP, FakeClock, Prospect, Rep, add_plain_rep, one, with_settings

ADMIN = 9001
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _with_admin(deps: Dependencies) -> Dependencies:
    return with_settings(deps, admin_ids=[ADMIN], business_timezone="UTC")


async def _handover(sessionmaker: async_sessionmaker[AsyncSession]) -> Handover:
    async with sessionmaker() as session:
        return await one(session, select(Handover))


def test_the_next_business_day_skips_the_weekend(deps: Dependencies) -> None:
    policy = sla_policy(deps.settings)
    friday_night = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)
    assert next_business_day(friday_night, policy).isoformat() == "2026-11-30"  # Monday
    assert next_business_day(TUESDAY, policy).isoformat() == "2026-11-25"


async def test_with_no_rep_the_prospect_hears_the_next_business_day_and_admins_hear_once(
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    deps = _with_admin(deps)
    prospect = Prospect(build_dispatcher(deps), bot_session)
    clock.now = TUESDAY
    await prospect.agrees()
    replies = await prospect.says(HOT)
    said = " ".join(replies)
    assert "next business day, Wednesday, 2026-11-25" in said
    assert "within the hour" not in said
    handover = await _handover(sessionmaker)
    told = bot_session.sent_texts(ADMIN)
    assert len(told) == 1
    assert f"No rep can take lead {handover.lead_id} (Greta Lindqvist)" in told[0]
    assert f"/reassign {handover.id} REP_ID" in told[0]
    for _ in range(3):  # the deadline passes: escalated, but the admins already know
        clock.advance(minutes=20)
        await sla_job(deps, prospect.bot)
    assert (await _handover(sessionmaker)).status == "escalated"
    assert len(bot_session.sent_texts(ADMIN)) == 1
    again = " ".join(await prospect.says("Any news?"))
    assert "next business day" in again and "within the hour" not in again


async def test_a_german_prospect_is_promised_the_next_werktag(
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
) -> None:
    prospect = Prospect(
        build_dispatcher(_with_admin(deps)),
        bot_session,
        user_id=5002,
        first_name="Jörg",
        last_name="Äbelmann",
        language_code="de",
    )
    clock.now = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # a Friday afternoon
    await prospect.agrees()
    said = " ".join(await prospect.says("Ich möchte mit einem Menschen sprechen"))
    assert "am nächsten Werktag persönlich bei Ihnen, am Montag, 30.11.2026" in said
    assert "Jörg Äbelmann" in bot_session.sent_texts(ADMIN)[0]


async def test_the_only_rep_is_told_once_by_name_and_the_admins_get_the_escalation(
    mia: Rep,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    deps = _with_admin(deps)
    prospect = Prospect(build_dispatcher(deps), bot_session)
    clock.now = TUESDAY
    await prospect.agrees()
    assert "within the hour" in " ".join(await prospect.says(HOT))  # a rep has it
    assert bot_session.sent_texts(ADMIN) == []
    lead_id = (await _handover(sessionmaker)).lead_id
    for _ in range(4):
        clock.advance(minutes=16)
        await sla_job(deps, prospect.bot)
    notices = [text for text in bot_session.sent_texts(REP) if "business minutes" in text]
    assert notices == [
        f"Lead {lead_id} (Greta Lindqvist) was not accepted within 15 business minutes and "
        "nobody else could take it: it went to the manager."
    ]
    escalations = bot_session.sent_texts(ADMIN)
    assert len(escalations) == 1 and escalations[0].startswith("<b>Nobody accepted this lead")


async def test_with_two_reps_the_first_hears_the_lead_went_to_a_colleague(
    rep: None,
    deps: Dependencies,
    dispatcher: Dispatcher,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        await add_plain_rep(session, 4712, "Noah Kim", now=clock())
        await session.commit()
    prospect = Prospect(dispatcher, bot_session)
    clock.now = TUESDAY
    await prospect.agrees()
    await prospect.says(HOT)
    first = (await _handover(sessionmaker)).rep_id
    clock.advance(minutes=16)
    await sla_job(with_settings(deps, business_timezone="UTC"), prospect.bot)
    handover = await _handover(sessionmaker)
    assert handover.rep_id != first and handover.status == "offered"
    told = [text for text in bot_session.sent_texts() if "went to a colleague" in text]
    assert told == [
        f"Lead {handover.lead_id} (Greta Lindqvist) went to a colleague: you did not accept "
        "it within 15 business minutes."
    ]
