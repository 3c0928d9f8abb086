"""The day summaries give the numbers the direct queries give, for any window, on SQLite
and PostgreSQL: after a refresh, after leads came and moved since, and after an erasure."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import reporting
from storage.leads import erase_lead
from storage.models import Consent, Event, Fact, FunnelDay, Lead, LifecycleChange, RollupMark
from storage.reporting import Window, summed
from storage.reporting.rollup import apply_refresh, plan_refresh, refresh_rollups

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
SPAN = 20  # days of leads before NOW
SOURCES = (None, "fair", "web", "ads")
PERSONAS = (None, "it_lead", "service_manager")
PATH = ("engaged", "mql", "sal", "sql", "won")
ITEMS = ("pricing", "case-study", "Demo_video")
Figures = tuple[Any, Any]


def _midnight(days_ago: int) -> datetime:
    return datetime.combine((NOW - timedelta(days=days_ago)).date(), time(), tzinfo=UTC)


def _start(rng: random.Random) -> datetime:
    """A start time, often right on or just before a midnight."""
    day = _midnight(rng.randrange(SPAN))
    return rng.choice(
        (day, day - timedelta(microseconds=1), day + timedelta(seconds=rng.randrange(86_400)))
    )


def _history(rng: random.Random, lead_id: int, start: datetime) -> list[Any]:
    rows: list[Any] = []
    if rng.random() < 0.7:
        granted = rng.random() < 0.85
        rows.append(
            Consent(
                lead_id=lead_id,
                purpose="qualification",
                granted=granted,
                text_version="1",
                recorded_at=start,
            )
        )
    if rng.random() < 0.5:
        rows.append(
            Fact(
                lead_id=lead_id,
                kind="need",
                value="x",
                confidence=1.0,
                quote="x",
                recorded_at=start,
            )
        )
    before = "new"
    for state in PATH[: rng.randrange(len(PATH) + 1)] + rng.choice(((), ("lost",), ("recycled",))):
        rows.append(
            LifecycleChange(
                lead_id=lead_id, from_state=before, to_state=state, reason="test", changed_at=start
            )
        )
        before = state
    for _ in range(rng.randrange(4)):
        kind = rng.choice(("content_offered", "content_opened"))
        detail = {"item": rng.choice(ITEMS)} if rng.random() < 0.9 else {}
        rows.append(
            Event(
                lead_id=lead_id,
                kind=kind,
                weight=0.0,
                detail=detail,
                occurred_at=start + timedelta(minutes=rng.randrange(3000)),
            )
        )
    return rows


def _lead(rng: random.Random, lead_id: int, start: datetime) -> Lead:
    return Lead(
        id=lead_id,
        telegram_user_id=50_000 + lead_id,
        chat_id=50_000 + lead_id,
        language=rng.choice(("en", "de")),
        source=rng.choice(SOURCES),
        persona=rng.choice(PERSONAS),
        created_at=start,
        last_seen_at=min(start + timedelta(hours=rng.randrange(48)), NOW - timedelta(hours=2)),
    )


async def _seed(session: AsyncSession, rng: random.Random, leads: int) -> None:
    for lead_id in range(1, leads + 1):
        start = _start(rng)
        session.add(_lead(rng, lead_id, start))
        await session.flush()
        session.add_all(_history(rng, lead_id, min(start + timedelta(minutes=5), NOW)))
    await session.flush()


def _windows(rng: random.Random) -> list[Window]:
    """Whole days, open ends, a source, and edges inside a day."""
    windows = [Window(), Window(source="fair"), Window(since=_midnight(0))]
    for _ in range(12):
        since = rng.choice((None, _midnight(rng.randrange(SPAN + 2))))
        until = rng.choice((None, _midnight(rng.randrange(-1, SPAN))))
        windows.append(Window(since=since, until=until, source=rng.choice(SOURCES)))
    odd = _midnight(7) + timedelta(hours=13, minutes=7)
    windows += [Window(since=odd), Window(until=odd), Window(since=odd, until=_midnight(1))]
    return windows


async def _figures(session: AsyncSession, window: Window) -> Figures:
    return (
        await reporting.funnel_views(session, window),
        await reporting.content_offers(session, window),
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One transaction; on PostgreSQL in a time zone far from UTC, whose local days differ."""
    async with sessionmaker() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            await session.execute(text("SET LOCAL TIME ZONE 'Pacific/Kiritimati'"))
        yield session
        await session.rollback()


@pytest.fixture
def direct(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[AsyncSession, Window], Awaitable[Figures]]:
    """The figures from the direct queries, as if no summary had been refreshed."""

    async def no_mark(session: AsyncSession, name: str) -> None:
        return None

    async def figures(session: AsyncSession, window: Window) -> Figures:
        with monkeypatch.context() as patch:
            patch.setattr(summed, "usable_mark", no_mark)
            return await _figures(session, window)

    return figures


async def _assert_agree(
    session: AsyncSession,
    direct: Callable[[AsyncSession, Window], Awaitable[Figures]],
    windows: list[Window],
) -> None:
    for window in windows:
        got, want = await _figures(session, window), await direct(session, window)
        assert got == want, window


async def test_summaries_agree_with_the_direct_queries_for_random_windows(
    session: AsyncSession, direct: Callable[[AsyncSession, Window], Awaitable[Figures]]
) -> None:
    rng = random.Random(17)
    await _seed(session, rng, 160)
    windows = _windows(rng)
    before = [await direct(session, window) for window in windows]

    counted = await refresh_rollups(session, NOW)

    assert counted["funnel"] >= SPAN - 2 and counted["content"] >= SPAN - 2
    assert [await _figures(session, window) for window in windows] == before


async def test_summaries_count_what_moved_since_the_refresh_and_after_the_next(
    session: AsyncSession, direct: Callable[[AsyncSession, Window], Awaitable[Figures]]
) -> None:
    rng = random.Random(4711)
    await _seed(session, rng, 120)
    windows = _windows(rng)
    await refresh_rollups(session, NOW)
    later = NOW + timedelta(minutes=5)
    old = [lead for lead in await session.scalars(select(Lead).order_by(Lead.id).limit(6))]
    session.add(_lead(rng, 999, later))
    session.add(
        LifecycleChange(
            lead_id=old[0].id, from_state="new", to_state="won", reason="rep", changed_at=later
        )
    )
    session.add(
        Fact(
            lead_id=old[1].id,
            kind="budget",
            value="x",
            confidence=1.0,
            quote="x",
            recorded_at=later,
        )
    )
    session.add(
        Consent(
            lead_id=old[2].id,
            purpose="qualification",
            granted=True,
            text_version="1",
            recorded_at=later,
        )
    )
    old[3].persona, old[3].source, old[3].last_seen_at = "it_lead", "ads", later
    session.add(
        Event(
            lead_id=old[4].id,
            kind="content_opened",
            weight=0.0,
            detail={"item": "pricing"},
            occurred_at=later,
        )
    )
    await session.flush()

    await _assert_agree(session, direct, windows)
    await refresh_rollups(session, NOW + timedelta(days=1, hours=1))
    await _assert_agree(session, direct, windows)

    await erase_lead(
        session, old[5], key=b"k" * 32, now=NOW + timedelta(days=1, hours=1, minutes=30)
    )
    await _assert_agree(session, direct, windows)
    await refresh_rollups(session, NOW + timedelta(days=1, hours=2))
    assert await session.get(RollupMark, "funnel") is not None
    await _assert_agree(session, direct, windows)


async def test_a_refreshed_window_is_read_from_the_day_rows(session: AsyncSession) -> None:
    await _seed(session, random.Random(3), 40)
    await refresh_rollups(session, NOW)
    started = (await reporting.funnel(session, Window()))[0].count
    oldest = await session.scalar(select(func.min(FunnelDay.day)))

    await session.execute(
        update(FunnelDay).where(FunnelDay.day == oldest).values(started=FunnelDay.started + 1000)
    )

    assert (await reporting.funnel(session, Window()))[0].count == started + 1000


async def test_a_refresh_planned_before_a_newer_one_was_written_is_dropped(
    session: AsyncSession,
) -> None:
    await _seed(session, random.Random(5), 20)
    older = await plan_refresh(session, NOW)
    newer = await plan_refresh(session, NOW + timedelta(minutes=1))

    assert set(await apply_refresh(session, newer)) == {"funnel", "content"}
    assert await apply_refresh(session, older) == {}
    mark = await session.get(RollupMark, "funnel")
    assert mark is not None and mark.refreshed_at == NOW + timedelta(minutes=1)


async def test_of_two_first_refreshes_at_once_one_writes_and_the_other_leaves_it(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with sessionmaker() as session:
        await _seed(session, random.Random(7), 20)
        await session.commit()
        late = await plan_refresh(session, NOW)
    async with sessionmaker() as session:
        assert set(await refresh_rollups(session, NOW)) == {"funnel", "content"}
        await session.commit()

    async with sessionmaker() as session:
        # The late instance looked for the marks before the first one committed them.
        async def before_the_other_committed(*args: Any, **kwargs: Any) -> None:
            return None

        monkeypatch.setattr(session, "get", before_the_other_committed)
        assert await apply_refresh(session, late) == {}
        await session.commit()

    async with sessionmaker() as session:
        marks = (await session.scalars(select(RollupMark))).all()
        assert sorted(mark.name for mark in marks) == ["content", "funnel"]
