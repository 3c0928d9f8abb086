"""Reading a window's funnel and content counts from the day summaries (rollup.py).

The summed days are the window's whole days before the summary's `covered_until` on which
no lead came or moved since the refresh; every other lead of the window (partial days at
its edges, today, days something moved on) is counted directly, so the sum is the number
the direct query gives now. Without a usable summary everything is counted directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, not_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ContentDay, Event, FunnelDay, Lead
from storage.reporting.cohort import COUNTS
from storage.reporting.rollup import (
    CONTENT,
    FUNNEL,
    MARGIN,
    content_counts,
    day_ranges,
    funnel_by_day,
    midnight,
    moved_days,
    plain_row,
    usable_mark,
    within,
)
from storage.reporting.rows import Window


def _first_whole_day(since: datetime | None) -> datetime | None:
    if since is None:
        return None
    start = midnight(since)
    return start if start == since else start + timedelta(days=1)


async def funnel_rows(
    session: AsyncSession, window: Window, dimensions: Sequence[str]
) -> list[dict[str, Any]]:
    """The funnel counts of the window's leads per start day and `dimensions` ('' for
    none); a day and group may come twice (summed and counted), callers add them up."""
    mark = await usable_mark(session, FUNNEL)
    first = _first_whole_day(window.since)
    end = mark.covered_until if mark else None
    if end is not None and window.until is not None:
        end = min(end, midnight(window.until))
    if mark is None or end is None:
        return await _counted(session, funnel_by_day(window, dimensions), dimensions)
    if first is not None and first >= end:  # only days after the summary: today, mostly
        return await _counted(session, funnel_by_day(window, dimensions, true()), dimensions)
    moved = day_ranges(
        day
        for day in await moved_days(session, mark.refreshed_at - MARGIN)
        if (first is None or day >= first.date()) and day < end.date()
    )
    counted = [Lead.created_at >= end, within(Lead.created_at, moved)]
    summed = [FunnelDay.day < end.date()]
    if first is not None:
        summed.append(FunnelDay.day >= first.date())
    if first is not None and first != window.since:  # the window starts within a day
        counted.append(Lead.created_at < first)
    if window.source is not None:
        summed.append(FunnelDay.source == window.source)
    moved_dates = [(start.date(), stop.date()) for start, stop in moved]
    summed.append(not_(within(FunnelDay.day, moved_dates)))
    groups = [FunnelDay.day, *(getattr(FunnelDay, name) for name in dimensions)]
    sums = select(*groups, *(func.sum(getattr(FunnelDay, c)).label(c) for c in COUNTS))
    rows = await _counted(session, sums.where(*summed).group_by(*groups), dimensions)
    live = funnel_by_day(window, dimensions, or_(*counted))
    return rows + await _counted(session, live, dimensions)


async def _counted(session: AsyncSession, query: Any, keys: Sequence[str]) -> list[dict[str, Any]]:
    return [plain_row(row, keys) for row in await session.execute(query)]


async def content_rows(session: AsyncSession) -> list[dict[str, Any]] | None:
    """Offers and opens of every library item, per day and item from the summary and
    per item for the days after it; None without a usable summary."""
    mark = await usable_mark(session, CONTENT)
    if mark is None:
        return None
    summed = (
        select(
            ContentDay.item,
            func.sum(ContentDay.offered).label("offered"),
            func.sum(ContentDay.opened).label("opened"),
        )
        .where(ContentDay.day < mark.covered_until.date())
        .group_by(ContentDay.item)
    )
    live = content_counts().where(Event.occurred_at >= mark.covered_until)
    rows = [dict(row._mapping) for row in await session.execute(summed)]
    return rows + [dict(row._mapping) for row in await session.execute(live)]
