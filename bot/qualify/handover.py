"""Handing a lead to a person: opening the handover, offering it to a rep, accept and reject.

Every message this causes is a Notice written to the outbox in the same transaction as the
change, so a crash between the two loses nothing; the edge renders it at delivery (the
rep's card from the lead's rows as they are then).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import lifecycle, nurture
from bot.qualify.consent import ConsentState
from bot.qualify.desk import SlaPolicy
from bot.qualify.lifecycle import Stage
from bot.qualify.plan import CARD, Button, Notice
from bot.qualify.routing import account_owner, route
from bot.qualify.stranded import tell_admins
from bot.qualify.vocabulary import HandoverReason, HandoverStatus, RejectReason
from storage.handovers import create_handover, get_handover
from storage.leads import get_lead
from storage.models import Handover, Lead, Rep
from storage.outbox import enqueue
from storage.reps import rep_by_telegram_id

# The reasons a rep can give, in the order the buttons show them.
REASONS: tuple[RejectReason, ...] = tuple(RejectReason)


class NotYourLead(PermissionError):
    """A rep acted on a handover assigned to someone else (or not at all)."""


def rep_locale(rep: Rep, content: Content) -> str:
    """The rep's first language that the content speaks."""
    for language in rep.languages or []:
        if language in content.texts.locales():
            return str(language)
    return content.texts.fallback


def card_notice(handover: Handover, locale: str, *, decide: bool = True) -> Notice:
    """The rep's card of a handover, with Accept and Reject under it when a rep decides."""
    value = str(handover.id)
    buttons = (
        Button("rep.accept", "accept", value=value),
        Button("rep.reject", "reject", value=value),
    )
    return Notice(
        CARD, {"handover": handover.id}, buttons=buttons if decide else (), locale=locale
    )


async def open_handover(
    session: AsyncSession,
    content: Content,
    lead: Lead,
    reason: HandoverReason,
    now: datetime,
    *,
    support_chat_id: int | None = None,
    policy: SlaPolicy | None = None,
) -> Handover:
    """Create the handover, route it and put the card in the outbox. A customer's request
    goes to the account owner, else to the support chat when one is set: it is passed on
    as a customer request, never offered to sales as a lead. When no rep can take it, the
    admins of `policy` are told (once: the SLA job retries the routing quietly)."""
    handover = await create_handover(session, lead_id=lead.id, reason=reason, now=now)
    owner = await account_owner(session, lead)
    if owner is None and reason == HandoverReason.CUSTOMER and support_chat_id is not None:
        handover.status, handover.decided_at = HandoverStatus.ACCEPTED, now
        handover.decision_note = "passed to the support chat"
        notice = card_notice(handover, content.texts.fallback, decide=False)
        enqueue(session, lead_id=lead.id, chat_id=support_chat_id, notice=notice, now=now)
        return handover
    rep = owner or await route(session, lead)
    if rep is not None:
        offer(session, content, handover, lead, rep, now)
    elif policy is not None:
        tell_admins(session, content, policy, handover, lead, now)
    return handover


def offer(
    session: AsyncSession,
    content: Content,
    handover: Handover,
    lead: Lead,
    rep: Rep,
    now: datetime,
) -> None:
    """Offer the handover to one rep with Accept and Reject buttons."""
    handover.rep_id, handover.status, handover.offered_at = rep.id, HandoverStatus.OFFERED, now
    notice = card_notice(handover, rep_locale(rep, content))
    enqueue(session, lead_id=lead.id, chat_id=rep.telegram_user_id, notice=notice, now=now)


async def check_owner(
    session: AsyncSession, handover_id: int, rep_user_id: int
) -> tuple[Handover, Rep]:
    """The open handover and the rep it is offered to; NotYourLead for anyone else."""
    handover = await get_handover(session, handover_id)
    rep = await rep_by_telegram_id(session, rep_user_id)
    if handover is None or rep is None or handover.rep_id != rep.id:
        raise NotYourLead(f"user {rep_user_id} may not decide handover {handover_id}")
    if handover.status != HandoverStatus.OFFERED:
        raise NotYourLead(f"handover {handover_id} is {handover.status}, not open")
    return handover, rep


async def accept(
    session: AsyncSession, content: Content, handover_id: int, rep_user_id: int, now: datetime
) -> Lead:
    """The rep takes the lead: it becomes SAL and the prospect is told who will call."""
    handover, rep = await check_owner(session, handover_id, rep_user_id)
    lead = await _lead_of(session, handover)
    if lead.consent_state != ConsentState.GRANTED:  # closing.py cancels these; a safeguard
        raise NotYourLead(f"lead {lead.id} no longer consents")
    handover.status, handover.decided_at = HandoverStatus.ACCEPTED, now
    await _sales_accepted(session, lead, handover, rep, now)
    await nurture.replan(session, lead, content.nurture, now)
    notice = Notice("rep.prospect_accepted", {"rep": rep.name})
    enqueue(session, lead_id=lead.id, chat_id=lead.chat_id, notice=notice, now=now)
    return lead


async def reject(
    session: AsyncSession,
    content: Content,
    handover_id: int,
    rep_user_id: int,
    reason: str,
    now: datetime,
) -> Lead:
    """The rep declines with a reason: the lead is recycled into nurturing."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    handover, rep = await check_owner(session, handover_id, rep_user_id)
    lead = await _lead_of(session, handover)
    handover.status, handover.decided_at = HandoverStatus.REJECTED, now
    handover.decision_note = reason
    if lifecycle.can_move(lead.lifecycle, Stage.RECYCLED):
        await lifecycle.move(
            session, lead, Stage.RECYCLED, reason=f"rejected by {rep.name}: {reason}", now=now
        )
    await nurture.replan(session, lead, content.nurture, now)
    return lead


async def _sales_accepted(
    session: AsyncSession, lead: Lead, handover: Handover, rep: Rep, now: datetime
) -> None:
    """A rep took the lead: SAL. Only a sales-ready lead passed through MQL; one that asked
    for a person goes straight to SAL; a customer's request is no step of the funnel."""
    if lead.is_customer or handover.reason == HandoverReason.CUSTOMER:
        return
    steps: tuple[Stage, ...] = (Stage.ENGAGED, Stage.MQL, Stage.SAL)
    if handover.reason != HandoverReason.SALES_READY:
        steps = (Stage.ENGAGED, Stage.SAL)
    for step in steps:
        if lifecycle.can_move(lead.lifecycle, step):
            await lifecycle.move(session, lead, step, reason=f"accepted by {rep.name}", now=now)


async def _lead_of(session: AsyncSession, handover: Handover) -> Lead:
    lead = await get_lead(session, handover.lead_id)
    if lead is None:  # the foreign key cascades: an erased lead takes its handovers along
        raise LookupError(f"handover {handover.id} has no lead")
    return lead
