"""Day summaries of the funnel and of content offers, kept current by a due job.

A summary row for a closed day (UTC) holds what the report's own queries count for it, so
a window is a sum over its day rows plus the days still counted from the leads: today,
partial days at the window's edges, and the days of leads something moved on since the
refresh (new facts, consents, lifecycle moves, or their own update: last_seen_at). Writes
stamp rows with their transaction's clock, which commits within `MARGIN`. An erasure
deletes rows without a trace of their day: until the next refresh, the direct query counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, insert, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Consent,
    ContentDay,
    ErasedChat,
    Event,
    Fact,
    FunnelDay,
    Lead,
    LifecycleChange,
    RollupMark,
)
from storage.once import insert_once
from storage.reporting.cohort import DIMENSIONS, counts, merged, unpack
from storage.reporting.rows import Window
from storage.reporting.sql import day_of

# Ten times SQLite's busy timeout (storage/engine.py): a turn that waited for the write lock
# still commits well within it. Each day a lead moved on is counted directly for about
# MARGIN plus the job's minute, so a wider margin makes reads dearer.
MARGIN = timedelta(minutes=5)
FUNNEL, CONTENT = "funnel", "content"
CONTENT_KINDS = ("content_offered", "content_opened")
ONE_DAY = timedelta(days=1)
Ranges = list[tuple[datetime, datetime]]


def midnight(moment: datetime) -> datetime:
    """The start (UTC) of the day `moment` falls on."""
    return datetime.combine(moment.astimezone(UTC).date(), time(), tzinfo=UTC)


def as_date(value: date | str) -> date:
    """SQLite gives a day as 'YYYY-MM-DD', PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def day_ranges(days: Iterable[date]) -> Ranges:
    """[start, end) of each run of consecutive days, so a query names few ranges."""
    ranges: Ranges = []
    for day in sorted(set(days)):
        start = datetime.combine(day, time(), tzinfo=UTC)
        if ranges and ranges[-1][1] == start:
            ranges[-1] = (ranges[-1][0], start + ONE_DAY)
        else:
            ranges.append((start, start + ONE_DAY))
    return ranges


def within(column: Any, ranges: Sequence[tuple[date, date]]) -> ColumnElement[bool]:
    """`column` in any of `ranges` (false for none)."""
    return or_(False, *(and_(column >= start, column < end) for start, end in ranges))


async def moved_days(session: AsyncSession, since: datetime) -> set[date]:
    """The start days of the leads who came or moved in the funnel since `since`."""
    moved = union(
        select(Lead.id).where(Lead.created_at >= since),
        select(Lead.id).where(Lead.last_seen_at >= since),
        select(Consent.lead_id).where(Consent.recorded_at >= since),
        select(Fact.lead_id).where(Fact.recorded_at >= since),
        select(LifecycleChange.lead_id).where(LifecycleChange.changed_at >= since),
    ).subquery()
    query = select(day_of(Lead.created_at)).where(Lead.id.in_(select(moved.c.id))).distinct()
    return {as_date(day) for day in await session.scalars(query)}


async def usable_mark(session: AsyncSession, name: str) -> RollupMark | None:
    """The summary's mark, unless there is none or a lead was erased since it was taken."""
    mark = await session.get(RollupMark, name)
    if mark is None:
        return None
    erased = select(ErasedChat.marker).where(ErasedChat.erased_at >= mark.refreshed_at - MARGIN)
    return None if await session.scalar(erased.limit(1)) else mark


def funnel_by_day(
    window: Window, dimensions: Sequence[str], also: ColumnElement[bool] | None = None
) -> Any:
    """The funnel counts of the window's leads per start day and `dimensions`."""
    groups = [getattr(Lead, name).label(name) for name in dimensions]
    return counts(window, day_of(Lead.created_at).label("day"), *groups, also=also)


def content_counts(*groups: ColumnElement[Any]) -> Any:
    """How often each library item was offered and opened, per group."""
    item = Event.detail["item"].as_string().label("item")
    offered = func.count(case((Event.kind == "content_offered", 1))).label("offered")
    opened = func.count(case((Event.kind == "content_opened", 1))).label("opened")
    return (
        select(*groups, item, offered, opened)
        .where(Event.kind.in_(CONTENT_KINDS))
        .group_by(*groups, item)
    )


def content_by_day(also: ColumnElement[bool]) -> Any:
    """Content offers and opens per day and item, of the events `also` picks."""
    return content_counts(day_of(Event.occurred_at).label("day")).where(also)


def plain_row(row: Any, keys: Sequence[str]) -> dict[str, Any]:
    """A result row as a dict: the day as a date, no group as ''."""
    numbers = unpack(row._mapping)
    numbers["day"] = as_date(numbers["day"])
    for key in keys:
        numbers[key] = numbers[key] or ""
    return numbers


@dataclass(frozen=True)
class Refresh:
    """What one refresh of a summary writes: the days it replaces (None: all) and their
    rows, counted as of `now` (the clock before they were read)."""

    name: str
    table: type[FunnelDay] | type[ContentDay]
    now: datetime
    covered: datetime
    days: list[tuple[date, date]] | None
    rows: list[dict[str, Any]]


async def plan_funnel(session: AsyncSession, now: datetime) -> Refresh:
    """Count the closed days again whose leads came or moved since the last refresh (all
    of them the first time, or after an erasure)."""
    mark = await usable_mark(session, FUNNEL)
    covered = max(midnight(now), mark.covered_until) if mark else midnight(now)
    if mark is None:
        query, days = funnel_by_day(Window(until=covered), DIMENSIONS), None
    else:
        moved = await moved_days(session, mark.refreshed_at - MARGIN)
        new = mark.covered_until
        while new < covered:
            moved.add(new.date())
            new += ONE_DAY
        ranges = day_ranges(day for day in moved if day < covered.date())
        query = funnel_by_day(Window(), DIMENSIONS, within(Lead.created_at, ranges))
        days = [(start.date(), end.date()) for start, end in ranges]
    rows = [plain_row(row, DIMENSIONS) for row in await session.execute(query)]
    return Refresh(FUNNEL, FunnelDay, now, covered, days, merged(rows, ("day", *DIMENSIONS)))


async def plan_content(session: AsyncSession, now: datetime) -> Refresh:
    """Count the content events of the days closed since the last refresh (all of them the
    first time, or after an erasure)."""
    mark = await usable_mark(session, CONTENT)
    covered = midnight(now - MARGIN)
    covered = max(covered, mark.covered_until) if mark else covered
    if mark is None:
        query, days = content_by_day(Event.occurred_at < covered), None
    else:
        after = mark.covered_until
        query = content_by_day(and_(Event.occurred_at >= after, Event.occurred_at < covered))
        days = [(after.date(), covered.date())]
    rows = [plain_row(row, ("item",)) for row in await session.execute(query)]
    return Refresh(CONTENT, ContentDay, now, covered, days, rows)


async def plan_refresh(session: AsyncSession, now: datetime) -> list[Refresh]:
    """Both summaries' refresh, read without writing (SQLite: no write lock meanwhile)."""
    return [await plan_funnel(session, now), await plan_content(session, now)]


async def apply_refresh(session: AsyncSession, plans: list[Refresh]) -> dict[str, int]:
    """Write planned refreshes, each unless a newer one was written meanwhile; the days
    written per summary."""
    written: dict[str, int] = {}
    for plan in plans:
        mark = await session.get(RollupMark, plan.name, with_for_update=True)
        if mark is not None and mark.refreshed_at > plan.now:
            continue
        if mark is None:
            # The first refresh: of two instances doing it at once, one mark lands and the
            # other instance leaves that summary to it, instead of failing on the key.
            first = {"name": plan.name, "covered_until": plan.covered, "refreshed_at": plan.now}
            if not await insert_once(session, RollupMark, first):
                continue
        table = plan.table
        replaced = delete(table)
        if plan.days is not None:
            replaced = replaced.where(within(table.day, plan.days))
        await session.execute(replaced)
        if plan.rows:
            await session.execute(insert(table), plan.rows)
        if mark is not None:
            mark.covered_until, mark.refreshed_at = plan.covered, plan.now
        await session.flush()
        written[plan.name] = len({row["day"] for row in plan.rows})
    return written


async def refresh_rollups(session: AsyncSession, now: datetime) -> dict[str, int]:
    """Bring both summaries up to `now` in one transaction; the days written per summary."""
    return await apply_refresh(session, await plan_refresh(session, now))
