"""The set-based decay and rescoring pass, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.catalog import load_content
from bot.qualify.scoring import decayed, thresholds
from storage.leads import get_or_create_lead
from storage.models import Event, Lead, ScoreChange
from storage.rescoring import decay_all, rescore_all
from tests.support import TEST_CONTENT_DIR, FakeClock

SCORING = load_content(TEST_CONTENT_DIR).scoring
LIMITS = thresholds(SCORING)


async def _lead(
    session: AsyncSession, clock: FakeClock, user: int, grade: str, score: float
) -> Lead:
    lead = await get_or_create_lead(
        session, telegram_user_id=user, chat_id=user, language="en", now=clock()
    )
    lead.fit_grade, lead.engagement_score, lead.engagement_updated_at = grade, score, clock()
    lead.temperature = "hot"
    return lead


async def test_decay_cools_a_quiet_lead_and_records_why(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        lead = await _lead(session, clock, 1, "B", 80.0)
        lead.sales_ready = True
        await session.commit()
        clock.advance(days=7)
        await decay_all(session, LIMITS, now=clock())
        await session.commit()
        await session.refresh(lead)
        assert lead.engagement_score == pytest.approx(80.0 / 2**0.5, rel=1e-6)
        assert (lead.engagement_level, lead.temperature, lead.sales_ready) == (4, "hot", True)
        clock.advance(days=7)
        await decay_all(session, LIMITS, now=clock())
        await session.commit()
        await session.refresh(lead)
        assert lead.engagement_score == pytest.approx(40.0, rel=1e-6)
        assert (lead.engagement_level, lead.temperature, lead.sales_ready) == (3, "warm", False)
        changes = list(await session.scalars(select(ScoreChange)))
    assert [(c.old, c.new, c.rule) for c in changes] == [("hot", "warm", "decay")]


async def test_a_pass_never_makes_a_lead_sales_ready(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    # Readiness needs the evidence the dialog checks and the hand-over that goes with it.
    async with sessionmaker() as session:
        lead = await _lead(session, clock, 3, "A", 80.0)
        await session.commit()
        await decay_all(session, LIMITS, now=clock())
        await session.commit()
        await session.refresh(lead)
    assert (lead.temperature, lead.sales_ready) == ("hot", False)


async def test_full_rescoring_from_events_matches_the_decay_formula(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        lead = await _lead(session, clock, 2, "B", 0.0)
        await session.flush()
        start = clock()
        for days, weight in ((0, 10.0), (7, 6.0), (20, 4.0)):
            session.add(
                Event(
                    lead_id=lead.id,
                    kind="message",
                    weight=weight,
                    detail={},
                    occurred_at=start + timedelta(days=days),
                )
            )
        clock.advance(days=30)
        await session.commit()
        await rescore_all(session, LIMITS, now=clock())
        await session.commit()
        await session.refresh(lead)
    half_life = SCORING.engagement.half_life_days
    expected = sum(
        decayed(weight, start + timedelta(days=days), clock(), half_life)
        for days, weight in ((0, 10.0), (7, 6.0), (20, 4.0))
    )
    assert lead.engagement_score == pytest.approx(expected, rel=1e-6)
