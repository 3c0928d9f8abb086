"""Where a dialog can end for now: with a person, as a customer, or not interested."""

from __future__ import annotations

from bot.qualify import lifecycle
from bot.qualify.closing import Closure, close_with_sales
from bot.qualify.dialog import contact
from bot.qualify.dialog.engagement import signal
from bot.qualify.dialog.label import label
from bot.qualify.dialog.turn import Turn
from bot.qualify.handover import open_handover
from bot.qualify.lifecycle import Stage
from bot.qualify.stranded import is_stranded, promise
from bot.qualify.vocabulary import OPEN_HANDOVER, EventKind, HandoverReason, Score
from storage.handovers import lead_handovers
from storage.models import Lead

CUSTOMER_STAGE = "customer"  # a buying stage outside content/stages.yaml's order
COLD = "cold"


def become_customer(lead: Lead) -> None:
    """The prospect is an existing customer: sales questions are no longer asked."""
    lead.is_customer = True
    lead.stage = CUSTOMER_STAGE


async def hand_over(turn: Turn, reason: HandoverReason) -> bool:
    """Open a handover unless the lead already waits for a person, then ask for contact
    details (after the card went out, so a hot lead never waits for them). True when no rep
    could take it (the prospect is then promised the next business day, see stranded.py)."""
    waiting = await lead_handovers(turn.session, turn.lead.id, OPEN_HANDOVER)
    if waiting:  # asked again: still the honest promise while no rep holds it
        return any(is_stranded(handover) for handover in waiting)
    handover = await open_handover(
        turn.session,
        turn.content,
        turn.lead,
        reason,
        turn.now,
        support_chat_id=turn.support_chat_id,
        policy=turn.policy,
    )
    if reason != HandoverReason.CUSTOMER:
        contact.due(turn)
    return is_stranded(handover)


async def request_person(turn: Turn) -> None:
    """ "Talk to a person", by button, command or in words, honoured at any point. The
    hand-over is labelled "asked for a person" and carries the facts known so far; it does
    not make the lead an MQL (a customer's goes to the account team as a customer request)."""
    await signal(turn, EventKind.HUMAN_REQUEST)
    label(turn, turn.lead.fit_grade, None)  # asking is interest: the label shows it at once
    reason = HandoverReason.CUSTOMER if turn.lead.is_customer else HandoverReason.HUMAN_REQUEST
    stranded = await hand_over(turn, reason)
    turn.lead.dialog_step = None
    turn.plan.say("dialog.human_requested")
    if stranded and turn.policy is not None:
        promise(turn.plan, turn.policy, turn.now)


async def decline(turn: Turn, text: str) -> None:
    """The prospect is not interested: the lead is lost, and the bot says goodbye."""
    lead = turn.lead
    await close_with_sales(turn.session, turn.content, lead, Closure.DECLINED, turn.now)
    if lead.lifecycle == Stage.NEW:
        await lifecycle.move(
            turn.session, lead, Stage.ENGAGED, reason="first message", now=turn.now
        )
    if lifecycle.can_move(lead.lifecycle, Stage.LOST):
        await lifecycle.move(
            turn.session, lead, Stage.LOST, reason="not interested", now=turn.now, quote=text
        )
    if lead.temperature != COLD:  # a no is cold, whatever the matrix said before it
        turn.score_changed(
            Score.TEMPERATURE,
            lead.temperature,
            COLD,
            rule="declined",
            reason="said no",
            quote=text,
        )
        lead.temperature, lead.sales_ready = COLD, False
    lead.dialog_step = None
    turn.plan.say("dialog.not_interested")
