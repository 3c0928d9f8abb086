"""Refreshing the verdict on a lead: persona, fit, grade, temperature and sales-readiness;
a lead that has just become sales-ready goes to a person."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot.qualify import lifecycle, scoring
from bot.qualify.booking.offers import offer_meeting
from bot.qualify.dialog.label import label
from bot.qualify.dialog.outcomes import hand_over
from bot.qualify.dialog.turn import Turn
from bot.qualify.lifecycle import Stage
from bot.qualify.signals import persona_for
from bot.qualify.stranded import promise
from bot.qualify.vocabulary import HandoverReason, Score
from storage.facts import current_facts
from storage.leads import recent_messages

RECENT_MESSAGES = 20  # the words persona cues are looked for in


async def refresh(
    turn: Turn, *, quote: str | None, announce: bool = True, to_sales: bool = True
) -> bool:
    """Recompute persona, fit, grade and temperature; hand over when sales-ready: a hot
    cell and the evidence scoring.yaml names. A customer is not scored for sales. With
    `to_sales=False` (the message asks for a person) a sales-ready lead becomes an MQL
    and the caller opens the hand-over, labelled as what the prospect asked for.

    Returns whether the lead was handed over (then nothing more should be asked)."""
    lead = turn.lead
    values = await _fit(turn, quote)
    cell = label(turn, lead.fit_grade, quote)
    if lead.is_customer:
        lead.sales_ready = False  # a customer request is neither a lead nor an MQL
        return False
    if lead.lifecycle == Stage.NEW:
        await lifecycle.move(
            turn.session, lead, Stage.ENGAGED, reason="first answer", now=turn.now, quote=quote
        )
    lead.sales_ready = (
        scoring.sales_ready(turn.content.scoring, cell, values, turn.state.skipped)
        and lead.lifecycle != Stage.LOST
    )
    if lead.sales_ready and lifecycle.can_move(lead.lifecycle, Stage.MQL):
        await lifecycle.move(
            turn.session,
            lead,
            Stage.MQL,
            reason=f"sales-ready ({cell.cell})",
            now=turn.now,
            quote=quote,
        )
        if to_sales:
            await _sales_ready(turn, announce)
        return to_sales
    return False


async def _fit(turn: Turn, quote: str | None) -> dict[str, Any]:
    """Persona and fit points from the current facts, written to the lead; the facts."""
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
            reason="; ".join(f"{r.id} {r.points:+}" for r in result.rules) or "no rule applies",
            quote=quote,
        )
        lead.fit_score = result.points
    lead.fit_grade = result.grade
    return values


def question_order(turn: Turn, answered: Collection[str]) -> list[str]:
    """The questions in content order; for a lead in a hot cell, the evidence it still
    lacks comes first, so it is asked before anything else."""
    order: list[str] = list(turn.content.qualification.order)
    if turn.lead.temperature != "hot" or turn.lead.is_customer:
        return order
    first = scoring.missing_evidence(
        turn.content.scoring, dict.fromkeys(answered), turn.state.skipped
    )
    return [*(kind for kind in first if kind in order), *(s for s in order if s not in first)]


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


async def _sales_ready(turn: Turn, announce: bool) -> None:
    stranded = await hand_over(turn, HandoverReason.SALES_READY)
    turn.lead.dialog_step = None
    if announce and stranded and turn.policy is not None:
        promise(turn.plan, turn.policy, turn.now)
    elif announce:
        turn.plan.say("dialog.handover")
        await offer_meeting(turn)
