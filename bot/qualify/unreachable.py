"""Telegram says a chat cannot be reached (403 "bot was blocked by the user", 400 "chat not
found"): retrying is pointless, so each kind of chat is handled once, for good.

- A rep: set away (routing skips them until `leadbot reps back`), and every handover
  waiting for their decision goes to the next rep who fits, or to the manager chat (else
  the admins) when nobody does.
- A prospect: everything still queued for them (replies, notices, follow-ups) is cancelled
  and the block is recorded as an event; their next message starts things again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.handover import offer
from bot.qualify.plan import ESCALATION, Notice
from bot.qualify.routing import route
from bot.qualify.sla import take_step
from bot.qualify.vocabulary import EventKind, HandoverStatus
from storage.followups import cancel_pending
from storage.history import record_event
from storage.leads import get_lead
from storage.models import EventDetail, Handover, Rep
from storage.outbox import enqueue
from storage.unreachable import cancel_chat_outbox, lead_of_chat, offered_to, rep_of_chat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Escalation:
    """Where a handover goes when no rep can take it: the manager chat, else the admins."""

    manager_chat_id: int | None
    admin_ids: tuple[int, ...]

    def chats(self) -> tuple[int, ...]:
        return (self.manager_chat_id,) if self.manager_chat_id is not None else self.admin_ids


async def chat_unreachable(
    session: AsyncSession,
    content: Content,
    escalation: Escalation,
    chat_id: int,
    *,
    problem: str,
    now: datetime,
) -> str | None:
    """Act on a chat Telegram will not deliver to; a note of what was done, None if the
    chat is neither a rep's nor a lead's."""
    rep = await rep_of_chat(session, chat_id)
    if rep is not None:
        moved = await _reroute(session, content, escalation, rep, now)
        log.error("rep %s cannot be reached (%s): set away, %s rerouted", rep.id, problem, moved)
        return f"{problem}; rep set away, {moved} handover(s) rerouted"
    lead = await lead_of_chat(session, chat_id)
    if lead is None:
        return None
    note = f"chat unreachable: {problem}"
    await cancel_chat_outbox(session, chat_id, note)
    await cancel_pending(session, lead_id=lead.id, note=note)
    detail: EventDetail = {"problem": problem[:200]}
    record_event(
        session, lead_id=lead.id, kind=EventKind.BOT_BLOCKED, weight=0.0, detail=detail, now=now
    )
    log.info("lead %s cannot be reached (%s): its queued messages are cancelled", lead.id, problem)
    return note


async def _reroute(
    session: AsyncSession, content: Content, escalation: Escalation, rep: Rep, now: datetime
) -> int:
    """Every handover waiting for `rep` to the next rep who fits, or escalated."""
    rep.available = False
    moved = 0
    for handover in await offered_to(session, rep.id):
        lead = await get_lead(session, handover.lead_id)
        if lead is None or not await take_step(session, handover, "unreachable", now):
            continue
        handover.tried_rep_ids = [*(handover.tried_rep_ids or []), rep.id]
        following = await route(session, lead, skip=set(handover.tried_rep_ids))
        if following is not None:
            offer(session, content, handover, lead, following, now)
        else:
            _escalate(session, content, escalation, handover, now)
        moved += 1
    return moved


def _escalate(
    session: AsyncSession,
    content: Content,
    escalation: Escalation,
    handover: Handover,
    now: datetime,
) -> None:
    handover.status, handover.escalated_at, handover.rep_id = HandoverStatus.ESCALATED, now, None
    tries = len(handover.tried_rep_ids or [])
    values = {"handover": handover.id, "tries": tries}
    notice = Notice(ESCALATION, values, locale=content.texts.fallback)
    for chat_id in escalation.chats():
        enqueue(session, lead_id=handover.lead_id, chat_id=chat_id, notice=notice, now=now)
    if not escalation.chats():
        log.error("handover %s has no rep and no manager chat or admin to go to", handover.id)
