"""What happened to a lead, appended and never changed: signals, score and lifecycle moves,
and the questions nobody could answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.engagement import remember_points
from storage.models import Event, EventDetail, LifecycleChange, ScoreChange, UnansweredQuestion


def record_event(
    session: AsyncSession,
    *,
    lead_id: int,
    kind: str,
    weight: float,
    detail: EventDetail,
    now: datetime,
) -> None:
    """Log one engagement signal with the weight it had when it happened."""
    session.add(Event(lead_id=lead_id, kind=kind, weight=weight, detail=detail, occurred_at=now))
    remember_points(session, lead_id, kind, weight, now)


def record_score_change(
    session: AsyncSession,
    *,
    lead_id: int,
    score: str,
    old: str | None,
    new: str,
    rule: str,
    reason: str,
    quote: str | None,
    now: datetime,
) -> None:
    """Keep why a score moved, so "why is this lead hot?" has an answer."""
    session.add(
        ScoreChange(
            lead_id=lead_id,
            score=score,
            old=old,
            new=new,
            rule=rule,
            reason=reason,
            quote=quote,
            changed_at=now,
        )
    )


def record_lifecycle_change(
    session: AsyncSession,
    *,
    lead_id: int,
    from_state: str,
    to_state: str,
    reason: str,
    quote: str | None,
    now: datetime,
) -> None:
    """Keep one move of the lifecycle; the CRM webhook delivers it from this row."""
    session.add(
        LifecycleChange(
            lead_id=lead_id,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            quote=quote,
            changed_at=now,
        )
    )


def record_unanswered(
    session: AsyncSession, *, lead_id: int, locale: str, text: str, now: datetime
) -> None:
    """Keep a question the FAQ could not answer, for editors."""
    session.add(UnansweredQuestion(lead_id=lead_id, locale=locale, text=text, asked_at=now))
