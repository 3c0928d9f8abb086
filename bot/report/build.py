"""The whole report as one object: every number of `leadbot report`, read in one session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage import reporting
from storage.reporting import (
    BreakdownRow,
    ContentRow,
    DropOff,
    FaqHits,
    FunnelStep,
    GreenBananas,
    RepSla,
    Speed,
    WeekRow,
    Window,
)

# A lead silent this long while a question waits for its answer has dropped off there.
QUIET = timedelta(days=1)


@dataclass(frozen=True)
class Report:
    """What the bot achieved for the leads who started in a window, and where they stuck."""

    window: Window
    generated_at: datetime
    funnel: list[FunnelStep]
    weeks: list[WeekRow]
    speed: list[Speed]
    sla: list[RepSla]
    bananas: GreenBananas
    drop_off: list[DropOff]
    faq: FaqHits
    content: list[ContentRow]
    by_source: list[BreakdownRow]
    by_persona: list[BreakdownRow]
    by_language: list[BreakdownRow]
    fit_scores: list[tuple[int, int]]
    engagement_scores: list[tuple[int, int]]


async def build_report(
    session: AsyncSession, window: Window, *, now: datetime, questions: Sequence[str]
) -> Report:
    """Every part of the report; `questions` (content order) are listed in the drop-off
    even where nobody stopped."""
    views = await reporting.funnel_views(session, window)
    return Report(
        window=window,
        generated_at=now,
        funnel=views.funnel,
        weeks=views.weeks,
        speed=await reporting.speeds(session, window),
        sla=await reporting.rep_sla(session, window),
        bananas=await reporting.green_bananas(session, window),
        drop_off=await reporting.drop_off(
            session, window, quiet_since=now - QUIET, questions=questions
        ),
        faq=await reporting.faq_hits(session, window),
        content=await reporting.content_offers(session, window),
        by_source=views.by_source,
        by_persona=views.by_persona,
        by_language=views.by_language,
        fit_scores=await reporting.score_distribution(session, window, score="fit"),
        engagement_scores=await reporting.score_distribution(
            session, window, score="engagement", width=5
        ),
    )
