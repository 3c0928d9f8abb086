"""Where the conversation loses prospects: questions they stop at, questions the bot could
not answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Fact, Lead, UnansweredQuestion
from storage.reporting.rows import DropOff, FaqHits, Window
from storage.reporting.sql import in_window, pairs, restrict

TOP_UNANSWERED = 10


async def drop_off(
    session: AsyncSession,
    window: Window,
    *,
    quiet_since: datetime,
    questions: Sequence[str] = (),
) -> list[DropOff]:
    """Per question: leads quiet since `quiet_since` while it waited for their answer,
    against leads who answered it; `questions` are listed even when nobody stopped there."""
    stopped = await pairs(
        session,
        select(Lead.dialog_step, func.count())
        .where(in_window(window), Lead.dialog_step.is_not(None))
        .where(Lead.last_seen_at < quiet_since)
        .group_by(Lead.dialog_step),
    )
    answered = await pairs(
        session,
        restrict(select(Fact.kind, func.count(func.distinct(Fact.lead_id))), Fact.lead_id, window)
        .where(Fact.superseded_at.is_(None))
        .group_by(Fact.kind),
    )
    rows = []
    for question in dict.fromkeys([*questions, *sorted(stopped)]):
        quiet, told = stopped.get(question, 0), answered.get(question, 0)
        seen = quiet + told
        rows.append(DropOff(question, quiet, told, quiet / seen if seen else None))
    return sorted(rows, key=lambda row: -row.stopped)


async def faq_hits(session: AsyncSession, window: Window) -> FaqHits:
    """Questions asked (the `question` signal) against turns with a part left unanswered."""
    asked = await session.scalar(
        restrict(select(func.count()).select_from(Event), Event.lead_id, window).where(
            Event.kind == "question"
        )
    )
    # One question may leave several parts unanswered: they share the lead and the time.
    turns = (
        restrict(
            select(UnansweredQuestion.lead_id, UnansweredQuestion.asked_at),
            UnansweredQuestion.lead_id,
            window,
        )
        .distinct()
        .subquery("turns")
    )
    missed = await session.scalar(select(func.count()).select_from(turns)) or 0
    text = func.lower(UnansweredQuestion.text).label("text")
    top = await session.execute(
        restrict(select(text, func.count()), UnansweredQuestion.lead_id, window)
        .group_by(text)
        .order_by(func.count().desc(), text)
        .limit(TOP_UNANSWERED)
    )
    questions = max(asked or 0, missed)
    hit_rate = (questions - missed) / questions if questions else None
    return FaqHits(questions, missed, hit_rate, [(text, count) for text, count in top])
