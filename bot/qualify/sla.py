"""Nobody lets a lead wait unseen: an offer not accepted within the SLA (in business time)
goes to the next rep who fits, and after max_tries to the manager chat (the admins when no
manager chat is set). The rep who let it wait is told once, with the lead's id and name,
and only told "it went to a colleague" when there was one."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.business_time import business_deadline
from bot.qualify.desk import SlaPolicy
from bot.qualify.handover import offer, rep_locale
from bot.qualify.plan import ESCALATION, Notice
from bot.qualify.routing import route
from bot.qualify.stranded import lead_name
from bot.qualify.vocabulary import HandoverStatus
from storage.handovers import waiting_handovers
from storage.leads import get_lead
from storage.models import Handover, Lead
from storage.once import take_sla_step
from storage.outbox import enqueue
from storage.reps import get_rep

log = logging.getLogger(__name__)

SLA_REASSIGNED = "operations.sla_reassigned"  # the lead went to a colleague
SLA_ESCALATED = "operations.sla_escalated"  # nobody else could take it: manager or admins


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
    if previous is not None:  # one notice per handover and rep, naming the lead
        key = SLA_REASSIGNED if following is not None else SLA_ESCALATED
        values = {"id": lead.id, "name": lead_name(lead), "minutes": policy.minutes}
        notice = Notice(key, values, locale=rep_locale(previous, content))
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
    """Nobody took it: the manager chat hears of it, else the admins, in the content's
    fallback language. Admins already told that nobody could take it are not told again."""
    offered = bool(handover.tried_rep_ids)
    handover.status, handover.escalated_at, handover.rep_id = HandoverStatus.ESCALATED, now, None
    chats = policy.escalation_chats()
    if not chats:
        log.error("handover %s escalated, but there is no manager chat and no admin", handover.id)
        return
    if policy.manager_chat_id is None and not offered:
        return  # stranded.tell_admins wrote to the admins when it opened
    tries = len(handover.tried_rep_ids or [])
    notice = Notice(ESCALATION, {"handover": handover.id, "tries": tries}, locale=locale)
    for chat_id in chats:
        enqueue(session, lead_id=handover.lead_id, chat_id=chat_id, notice=notice, now=now)
