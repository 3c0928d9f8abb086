"""Engagement signals: each is logged with the points it earned after the caps of
scoring.yaml, which add to the decayed engagement score.

Interest, not compliance: answering the bot's own questions earns little and is capped per
day and per lead; opening an item, coming back, asking about price, trial, contract or a
demo, replying to a follow-up and asking for a person are what move a lead up."""

from __future__ import annotations

from bot.qualify.dialog.turn import Turn
from bot.qualify.scoring import capped, cue_events, decayed
from bot.qualify.vocabulary import EventKind, Score
from storage.engagement import answers_a_follow_up, points_earned
from storage.history import record_event


async def signal(turn: Turn, kind: EventKind, **detail: str | int | list[str]) -> None:
    """Log an engagement signal and add what it earns to the decayed engagement score."""
    engagement = turn.content.scoring.engagement
    entry = engagement.points(kind)
    lead = turn.lead
    weight = 0.0
    if entry.points:
        today, ever = await points_earned(turn.session, lead.id, kind, turn.now)
        weight = capped(entry, today, ever)
        if weight != entry.points:
            detail = {**detail, "capped_from": f"{entry.points:g}"}
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


async def message_signals(turn: Turn, text: str, locale: str) -> None:
    """A prospect's message: the message itself, a reply to a follow-up, and the interest
    its words show (price, trial, contract, demo), each once per message."""
    if await answers_a_follow_up(turn.session, turn.lead.id):
        await signal(turn, EventKind.FOLLOWUP_REPLY)
    await signal(turn, EventKind.MESSAGE, length=len(text))
    if turn.lead.is_customer:
        return  # a customer's "invoice" or "licences" is an account matter, not interest
    for kind in cue_events(turn.content.scoring, text, locale):
        await signal(turn, kind)
