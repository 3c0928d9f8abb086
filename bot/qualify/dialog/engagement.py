"""Engagement signals: each is logged, and its weight from scoring.yaml adds to the
decayed engagement score."""

from __future__ import annotations

from bot.qualify.dialog.turn import Turn
from bot.qualify.scoring import decayed
from bot.qualify.vocabulary import EventKind, Score
from storage.history import record_event


def signal(turn: Turn, kind: EventKind, **detail: str | int | list[str]) -> None:
    """Log an engagement signal and add its weight to the decayed engagement score."""
    engagement = turn.content.scoring.engagement
    weight = float(engagement.events.get(kind, 0.0))
    lead = turn.lead
    record_event(
        turn.session, lead_id=lead.id, kind=kind, weight=weight, detail=detail, now=turn.now
    )
    if not weight:
        return
    before = decayed(
        lead.engagement_score, lead.engagement_updated_at, turn.now, engagement.half_life_days
    )
    lead.engagement_score = before + weight
    lead.engagement_updated_at = turn.now
    turn.score_changed(
        Score.ENGAGEMENT,
        f"{before:.1f}",
        f"{lead.engagement_score:.1f}",
        rule=f"event:{kind}",
        reason=f"{kind} +{weight:g}",
        quote=None,
    )
