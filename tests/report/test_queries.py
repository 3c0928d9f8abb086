"""The report's numbers equal those worked out by hand for tests/report/pipeline.py, on
SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import reporting
from storage.reporting import Window
from tests.report.pipeline import DAY, T0, add_pipeline

NOVEMBER = Window(since=datetime(2026, 11, 1, tzinfo=UTC))


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        await add_pipeline(session)
        yield session


async def test_funnel_counts_each_lead_at_the_furthest_step_it_reached(
    session: AsyncSession,
) -> None:
    steps = await reporting.funnel(session, NOVEMBER)
    assert [(s.name, s.count) for s in steps] == [
        ("started", 4),
        ("consented", 3),
        ("qualified", 2),
        ("mql", 2),
        ("sal", 1),
        ("sql", 1),
        ("won", 1),
        ("lost", 0),
        ("recycled", 1),
    ]
    conversions = [s.conversion for s in steps]
    assert conversions == [None, 0.75, pytest.approx(2 / 3), 1.0, 0.5, 1.0, 1.0, 0.0, 0.25]


async def test_window_cuts_by_start_and_source(session: AsyncSession) -> None:
    everyone = await reporting.funnel(session, Window())
    assert everyone[0].count == 5
    fair = await reporting.funnel(session, Window(since=NOVEMBER.since, source="fair"))
    assert [s.count for s in fair[:4]] == [2, 2, 2, 2]
    first_week = await reporting.funnel(session, Window(until=T0 + 7 * DAY))
    assert first_week[0].count == 3  # A, B and E from October
    empty = await reporting.funnel(session, Window(source="nowhere"))
    assert [s.conversion for s in empty] == [None] * 9


async def test_weekly_trend_groups_by_the_monday_of_the_start(session: AsyncSession) -> None:
    weeks = await reporting.weekly_trend(session, NOVEMBER)
    assert [(w.week, w.started, w.consented, w.mql, w.sal, w.sql) for w in weeks] == [
        (date(2026, 11, 2), 2, 2, 2, 1, 1),
        (date(2026, 11, 9), 2, 1, 0, 0, 0),
    ]


async def test_breakdowns_by_source_persona_and_language(session: AsyncSession) -> None:
    by_source = await reporting.breakdown(session, NOVEMBER, "source")
    assert [(r.key, r.started, r.consented, r.mql, r.won) for r in by_source] == [
        ("fair", 2, 2, 2, 1),
        ("web", 2, 1, 0, 0),
    ]
    by_persona = await reporting.breakdown(session, NOVEMBER, "persona")
    assert [(r.key, r.started) for r in by_persona] == [
        ("", 2),
        ("it_lead", 1),
        ("service_manager", 1),
    ]
    by_language = await reporting.breakdown(session, NOVEMBER, "language")
    assert [(r.key, r.started, r.sal) for r in by_language] == [("en", 3, 1), ("de", 1, 0)]


async def test_speed_is_median_and_90th_percentile_by_rank(session: AsyncSession) -> None:
    speeds = {s.name: s for s in await reporting.speeds(session, NOVEMBER)}
    reply = speeds["first_reply"]
    assert (reply.count, reply.median, reply.p90) == (3, 4.0, 10.0)
    ready = speeds["to_sales_ready"]
    assert (ready.count, ready.median, ready.p90) == (2, 7200.0, 14400.0)
    accepted = speeds["to_acceptance"]
    assert (accepted.count, accepted.median) == (1, 1800.0)
    assert speeds["to_meeting"].median == 86400.0
    later = {s.name: s for s in await reporting.speeds(session, Window(since=T0 + 7 * DAY))}
    assert (later["to_meeting"].count, later["to_meeting"].median) == (0, None)


async def test_rep_sla_counts_offers_that_ran_out(session: AsyncSession) -> None:
    rows = await reporting.rep_sla(session, NOVEMBER)
    assert [(r.rep, r.in_time, r.missed) for r in rows] == [
        ("", 2, 1),
        ("Jonas Weber", 1, 0),
        ("Mia Berg", 1, 1),
    ]
    assert rows[0].compliance == pytest.approx(2 / 3)
    assert rows[2].compliance == 0.5


async def test_green_bananas_by_reason(session: AsyncSession) -> None:
    bananas = await reporting.green_bananas(session, NOVEMBER)
    assert (bananas.decided, bananas.rejected, bananas.rate) == (2, 1, 0.5)
    assert bananas.by_reason == [("no_budget", 1)]


async def test_drop_off_per_question(session: AsyncSession) -> None:
    rows = await reporting.drop_off(
        session, NOVEMBER, quiet_since=T0 + 10 * DAY, questions=("need", "budget")
    )
    assert [(r.question, r.stopped, r.answered, r.rate) for r in rows] == [
        ("budget", 1, 1, 0.5),
        ("need", 0, 2, 0.0),
    ]
    still_talking = await reporting.drop_off(session, NOVEMBER, quiet_since=T0)
    assert still_talking == []


async def test_faq_hit_rate_counts_a_question_with_several_gaps_once(
    session: AsyncSession,
) -> None:
    hits = await reporting.faq_hits(session, NOVEMBER)
    assert (hits.questions, hits.unanswered) == (3, 2)
    assert hits.hit_rate == pytest.approx(1 / 3)
    assert hits.top_unanswered == [("do you support sap?", 2), ("gibt es rabatt?", 1)]


async def test_content_offered_against_opened(session: AsyncSession) -> None:
    rows = await reporting.content_offers(session, NOVEMBER)
    assert [(r.item, r.offered, r.opened) for r in rows] == [("checklist", 2, 1)]


async def test_score_distribution_floors_negative_scores(session: AsyncSession) -> None:
    fit = await reporting.score_distribution(session, NOVEMBER)
    assert fit == [(-30, 1), (0, 1), (40, 1), (80, 1)]
    engagement = await reporting.score_distribution(session, NOVEMBER, score="engagement")
    assert engagement == [(0, 4)]


@pytest.mark.parametrize(
    "window", [NOVEMBER, Window(), Window(source="web"), Window(source="nowhere")], ids=str
)
async def test_one_pass_views_equal_the_separate_queries(
    session: AsyncSession, window: Window
) -> None:
    views = await reporting.funnel_views(session, window)
    assert views.funnel == await reporting.funnel(session, window)
    assert views.weeks == await reporting.weekly_trend(session, window)
    assert views.by_source == await reporting.breakdown(session, window, "source")
    assert views.by_persona == await reporting.breakdown(session, window, "persona")
    assert views.by_language == await reporting.breakdown(session, window, "language")
