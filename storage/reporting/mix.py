"""What the window's leads look like: how their scores spread, which content they took."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Lead
from storage.reporting.rollup import content_counts
from storage.reporting.rows import ContentRow, Window
from storage.reporting.sql import bucket, in_window, restrict
from storage.reporting.summed import content_rows

Score = Literal["fit", "engagement"]


async def score_distribution(
    session: AsyncSession, window: Window, *, score: Score = "fit", width: int = 10
) -> list[tuple[int, int]]:
    """(lower bound of a bucket `width` points wide, leads in it), lowest first; buckets
    without leads are left out."""
    column = Lead.fit_score if score == "fit" else Lead.engagement_score
    lower = bucket(column, width).label("lower")
    rows = await session.execute(
        select(lower, func.count()).where(in_window(window)).group_by(lower).order_by(lower)
    )
    return [(int(low), count) for low, count in rows]


async def content_offers(session: AsyncSession, window: Window) -> list[ContentRow]:
    """Per library item: how often it was offered to the window's leads and how often they
    opened it, most offered first (over every lead: from the day summaries where usable)."""
    rows = await content_rows(session) if window == Window() else None
    if rows is None:
        query = restrict(content_counts(), Event.lead_id, window)
        rows = [dict(row._mapping) for row in await session.execute(query)]
    items: dict[str, list[int]] = {}
    for row in rows:
        numbers = items.setdefault(row["item"] or "", [0, 0])
        numbers[0] += int(row["offered"])
        numbers[1] += int(row["opened"])
    ordered = sorted(items.items(), key=lambda pair: (-pair[1][0], pair[0]))
    return [ContentRow(item, offered, opened) for item, (offered, opened) in ordered]
