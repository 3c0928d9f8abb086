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
from bot.qualify.vocabulary import EventKind, HandoverReason, Score
from storage.handovers import has_waiting_handover
from storage.models import Lead

CUSTOMER_STAGE = "customer"  # a buying stage outside content/stages.yaml's order
COLD = "cold"


def become_customer(lead: Lead) -> None:
    """The prospect is an existing customer: sales questions are no longer asked."""
    lead.is_customer = True
    lead.stage = CUSTOMER_STAGE


async def hand_over(turn: Turn, reason: HandoverReason) -> None:
    """Open a handover unless the lead already waits for a person; then contact details
    are asked for (after the card went out, so a hot lead never waits for them)."""
    if not await has_waiting_handover(turn.session, turn.lead.id):
        await open_handover(
            turn.session,
            turn.content,
            turn.lead,
            reason,
            turn.now,
            support_chat_id=turn.support_chat_id,
        )
        if reason != HandoverReason.CUSTOMER:
            contact.due(turn)


async def request_person(turn: Turn) -> None:
    """ "Talk to a person", by button, command or in words, honoured at any point. The
    hand-over is labelled "asked for a person" and carries the facts known so far; it does
    not make the lead an MQL (a customer's goes to the account team as a customer request)."""
    await signal(turn, EventKind.HUMAN_REQUEST)
    label(turn, turn.lead.fit_grade, None)  # asking is interest: the label shows it at once
    reason = HandoverReason.CUSTOMER if turn.lead.is_customer else HandoverReason.HUMAN_REQUEST
    await hand_over(turn, reason)
    turn.lead.dialog_step = None
    turn.plan.say("dialog.human_requested")


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
