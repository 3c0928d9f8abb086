"""What the window's leads look like: how their scores spread, which content they took."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Lead
from storage.reporting.rows import ContentRow, Window
from storage.reporting.sql import bucket, in_window, restrict

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
    opened it, most offered first."""
    item = Event.detail["item"].as_string().label("item")
    offered = func.count(case((Event.kind == "content_offered", 1)))
    opened = func.count(case((Event.kind == "content_opened", 1)))
    rows = await session.execute(
        restrict(select(item, offered, opened), Event.lead_id, window)
        .where(Event.kind.in_(("content_offered", "content_opened")))
        .group_by(item)
        .order_by(offered.desc(), item)
    )
    return [ContentRow(name or "", o, p) for name, o, p in rows]
