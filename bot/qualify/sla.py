"""Nobody lets a lead wait unseen: an offer not accepted within the SLA (in business time)
goes to the next rep who fits, and after max_tries to the manager chat."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.business_time import business_deadline
from bot.qualify.handover import offer, rep_locale
from bot.qualify.plan import ESCALATION, Notice
from bot.qualify.routing import route
from bot.qualify.vocabulary import HandoverStatus
from storage.handovers import waiting_handovers
from storage.leads import get_lead
from storage.models import Handover, Lead
from storage.once import take_sla_step
from storage.outbox import enqueue
from storage.reps import get_rep

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlaPolicy:
    """How long a rep has to accept, in business time, and where it goes after that."""

    minutes: int
    max_tries: int
    hours: str
    days: str
    zone: str
    manager_chat_id: int | None


async def enforce_sla(
    session: AsyncSession, content: Content, policy: SlaPolicy, now: datetime
) -> dict[str, int]:
    """Offers not accepted in time go to the next rep; after max_tries, to the manager chat.

    Returns how many handovers were reassigned and how many escalated."""
    outcomes = {"reassigned": 0, "escalated": 0}
    for handover in await waiting_handovers(session):
        lead = await get_lead(session, handover.lead_id)
        if lead is None:
            continue
        outcome = await _due_step(session, content, policy, handover, lead, now)
        if outcome is not None:
            outcomes[outcome] += 1
    return outcomes


async def _due_step(
    session: AsyncSession,
    content: Content,
    policy: SlaPolicy,
    handover: Handover,
    lead: Lead,
    now: datetime,
) -> str | None:
    """The step that is due on one handover, if any and if no other run took it first.

    An offer nobody could take when it opened is tried again now. If still nobody, the SLA
    counts from the opening, so an unrouted lead still reaches the manager in time."""
    if handover.status == HandoverStatus.PENDING:
        rep = await route(session, lead, skip=set(handover.tried_rep_ids or []))
        if rep is not None:
            if not await take_step(session, handover, "offer", now):
                session.expire(rep)  # the other run counted this assignment already
                return None
            offer(session, content, handover, lead, rep, now)
            return "reassigned"
    if now < _deadline(handover, policy) or not await take_step(session, handover, "pass", now):
        return None
    return await _pass_on(session, content, policy, handover, lead, now)


async def take_step(session: AsyncSession, handover: Handover, kind: str, now: datetime) -> bool:
    """Claim a step on the handover as it stands (kind, reps tried, offer it ends): two
    instances that find it due at once act once."""
    since = (handover.offered_at or handover.created_at).isoformat()
    stage = f"{kind}/{len(handover.tried_rep_ids or [])}/{since}"
    return await take_sla_step(session, handover_id=handover.id, stage=stage, now=now)


def _deadline(handover: Handover, policy: SlaPolicy) -> datetime:
    return business_deadline(
        handover.offered_at or handover.created_at,
        policy.minutes,
        hours=policy.hours,
        days=policy.days,
        zone=policy.zone,
    )


async def _pass_on(
    session: AsyncSession,
    content: Content,
    policy: SlaPolicy,
    handover: Handover,
    lead: Lead,
    now: datetime,
) -> str:
    """Tell the rep who let it wait, then offer it to the next one or escalate it."""
    previous = await get_rep(session, handover.rep_id) if handover.rep_id else None
    tried = [*(handover.tried_rep_ids or []), *([previous.id] if previous else [])]
    handover.tried_rep_ids = tried
    following = (
        await route(session, lead, skip=set(tried)) if len(tried) < policy.max_tries else None
    )
    if previous is not None:
        notice = Notice(
            "rep.reassigned", {"minutes": policy.minutes}, locale=rep_locale(previous, content)
        )
        enqueue(
            session, lead_id=lead.id, chat_id=previous.telegram_user_id, notice=notice, now=now
        )
    if following is not None:
        offer(session, content, handover, lead, following, now)
        return "reassigned"
    _escalate(session, policy, handover, content.texts.fallback, now)
    return "escalated"


def _escalate(
    session: AsyncSession, policy: SlaPolicy, handover: Handover, locale: str, now: datetime
) -> None:
    """Nobody took it: the manager chat hears of it, in the content's fallback language."""
    handover.status, handover.escalated_at, handover.rep_id = HandoverStatus.ESCALATED, now, None
    if policy.manager_chat_id is None:
        log.error("handover %s escalated, but LEADBOT_MANAGER_CHAT_ID is not set", handover.id)
        return
    tries = len(handover.tried_rep_ids or [])
    notice = Notice(ESCALATION, {"handover": handover.id, "tries": tries}, locale=locale)
    enqueue(
        session, lead_id=handover.lead_id, chat_id=policy.manager_chat_id, notice=notice, now=now
    )
