"""Where the conversation loses prospects: questions they stop at, questions the bot could
not answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Event, Fact, Lead, UnansweredQuestion
from storage.reporting.rows import DropOff, FaqHits, Window
from storage.reporting.sql import in_window, pairs

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
        select(Fact.kind, func.count(func.distinct(Fact.lead_id)))
        .join(Lead, Lead.id == Fact.lead_id)
        .where(in_window(window), Fact.superseded_at.is_(None))
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
        select(func.count())
        .select_from(Event)
        .join(Lead, Lead.id == Event.lead_id)
        .where(Event.kind == "question", in_window(window))
    )
    # One question may leave several parts unanswered: they share the lead and the time.
    turns = (
        select(UnansweredQuestion.lead_id, UnansweredQuestion.asked_at)
        .join(Lead, Lead.id == UnansweredQuestion.lead_id)
        .where(in_window(window))
        .distinct()
        .subquery("turns")
    )
    missed = await session.scalar(select(func.count()).select_from(turns)) or 0
    text = func.lower(UnansweredQuestion.text).label("text")
    top = await session.execute(
        select(text, func.count())
        .join(Lead, Lead.id == UnansweredQuestion.lead_id)
        .where(in_window(window))
        .group_by(text)
        .order_by(func.count().desc(), text)
        .limit(TOP_UNANSWERED)
    )
    questions = max(asked or 0, missed)
    hit_rate = (questions - missed) / questions if questions else None
    return FaqHits(questions, missed, hit_rate, [(text, count) for text, count in top])
