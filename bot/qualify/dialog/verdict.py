"""Refreshing the verdict on a lead: persona, fit, grade, temperature and sales-readiness;
a lead that has just become sales-ready goes to a person."""

from __future__ import annotations

from typing import Any

from bot.qualify import lifecycle, scoring
from bot.qualify.dialog.outcomes import hand_over
from bot.qualify.dialog.turn import Turn
from bot.qualify.lifecycle import Stage
from bot.qualify.signals import persona_for
from bot.qualify.vocabulary import HandoverReason, Score
from storage.facts import current_facts
from storage.leads import recent_messages

RECENT_MESSAGES = 20  # the words persona cues are looked for in


async def refresh(turn: Turn, *, quote: str | None, announce: bool = True) -> bool:
    """Recompute persona, fit, grade and temperature; hand over when sales-ready.

    Returns whether the lead was handed over (then nothing more should be asked)."""
    lead = turn.lead
    facts = await current_facts(turn.session, lead)
    values: dict[str, Any] = {kind: fact.value for kind, fact in facts.items()}
    await _persona(turn, values, quote)
    values["persona"] = lead.persona
    result = scoring.fit(turn.content.scoring, values)
    if result.points != lead.fit_score:
        turn.score_changed(
            Score.FIT,
            f"{lead.fit_score:g}",
            f"{result.points:g}",
            rule=",".join(r.id for r in result.rules) or "-",
            reason="; ".join(f"{r.id} +{r.points}" for r in result.rules) or "no rule applies",
            quote=quote,
        )
        lead.fit_score = result.points
    verdict = _verdict(turn, result.grade, quote)
    if lead.lifecycle == Stage.NEW:
        await lifecycle.move(
            turn.session, lead, Stage.ENGAGED, reason="first answer", now=turn.now, quote=quote
        )
    if (
        verdict.sales_ready
        and not lead.is_customer
        and lifecycle.can_move(lead.lifecycle, Stage.MQL)
    ):
        await _sales_ready(turn, verdict, quote, announce)
        return True
    return False


async def _persona(turn: Turn, values: dict[str, Any], quote: str | None) -> None:
    lead = turn.lead
    texts = await recent_messages(turn.session, lead.id, limit=RECENT_MESSAGES)
    persona = persona_for(turn.content.personas, values, texts, lead.language)
    if persona != lead.persona:
        turn.score_changed(
            Score.PERSONA,
            lead.persona,
            persona or "-",
            rule="personas.yaml",
            reason="cues in facts and words",
            quote=quote,
        )
        lead.persona = persona


def _verdict(turn: Turn, grade: str | None, quote: str | None) -> scoring.Verdict:
    """The matrix cell for the grade and today's engagement, written to the lead."""
    lead, content = turn.lead, turn.content
    engagement = scoring.decayed(
        lead.engagement_score,
        lead.engagement_updated_at,
        turn.now,
        content.scoring.engagement.half_life_days,
    )
    verdict = scoring.verdict(content.scoring, grade, engagement)
    if verdict.temperature != lead.temperature:
        turn.score_changed(
            Score.TEMPERATURE,
            lead.temperature,
            verdict.temperature,
            rule="matrix",
            reason=f"grade {verdict.grade or '-'} x engagement level {verdict.level}",
            quote=quote,
        )
    lead.fit_grade = verdict.grade
    lead.engagement_level = verdict.level
    lead.temperature = verdict.temperature
    lead.sales_ready = verdict.sales_ready
    return verdict


async def _sales_ready(
    turn: Turn, verdict: scoring.Verdict, quote: str | None, announce: bool
) -> None:
    cell = f"{verdict.grade or '-'}{verdict.level}"
    await lifecycle.move(
        turn.session,
        turn.lead,
        Stage.MQL,
        reason=f"sales-ready ({cell})",
        now=turn.now,
        quote=quote,
    )
    await hand_over(turn, HandoverReason.SALES_READY)
    turn.lead.dialog_step = None
    if announce:
        turn.plan.say("dialog.handover")
