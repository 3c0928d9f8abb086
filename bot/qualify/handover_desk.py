"""What an operator does with handovers: read which are open, and hand one to a rep by
hand (the way out for a lead that no rep could take, or that waits too long)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.consent import ConsentState
from bot.qualify.handover import offer, rep_locale
from bot.qualify.plan import Notice
from bot.qualify.stranded import lead_name
from bot.qualify.vocabulary import HandoverStatus
from storage.handovers import get_handover
from storage.leads import get_lead
from storage.models import Handover, Lead, Rep
from storage.outbox import enqueue
from storage.reps import get_rep, rep_by_telegram_id

HANDOVER_ID_LIMIT = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL
TELEGRAM_ID_LIMIT = 2**52  # as the settings check admin and chat ids
REASSIGNABLE = (HandoverStatus.PENDING, HandoverStatus.OFFERED, HandoverStatus.ESCALATED)
# `--status open` and /handovers: everything that still waits for a rep's yes.
OPEN = "open"
STATUS_CHOICES = (OPEN, "all", *HandoverStatus)


class Refused(Exception):
    """An operator's request that cannot be done: a text key and its values, so both the
    CLI and Telegram say it in one line."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key} {values}")
        self.key, self.values = key, values


def checked_id(raw: str | int, limit: int) -> int:
    """A whole number from 1 to `limit`, or Refused naming the value."""
    text = str(raw).strip()
    if not text.isdigit() or not 1 <= int(text) <= limit:
        raise Refused("operations.errors.out_of_range", value=text[:40], limit=limit)
    return int(text)


def statuses_for(choice: str) -> tuple[str, ...]:
    """The stored statuses a `--status` choice stands for (empty: all)."""
    if choice == OPEN:
        return tuple(REASSIGNABLE)
    return () if choice == "all" else (choice,)


async def reassign(
    session: AsyncSession, content: Content, handover_id: int, rep_user_id: int, now: datetime
) -> tuple[Handover, Lead, Rep]:
    """Offer an open or escalated handover to the rep with this Telegram id; the rep who
    held it is told it is gone. Refused for unknown ids and decided handovers."""
    handover = await get_handover(session, handover_id)
    if handover is None:
        raise Refused("operations.errors.no_handover", handover=handover_id)
    if handover.status not in REASSIGNABLE:
        raise Refused("operations.errors.decided", handover=handover_id, status=handover.status)
    rep = await rep_by_telegram_id(session, rep_user_id)
    if rep is None:
        raise Refused("operations.errors.no_rep", rep=rep_user_id)
    lead = await get_lead(session, handover.lead_id)
    if lead is None or lead.consent_state != ConsentState.GRANTED:
        raise Refused("operations.errors.not_consenting", id=handover.lead_id)
    previous = await get_rep(session, handover.rep_id) if handover.rep_id else None
    if previous is not None and previous.id != rep.id:
        values = {"id": lead.id, "name": lead_name(lead)}
        notice = Notice("operations.reassigned_away", values, locale=rep_locale(previous, content))
        enqueue(
            session, lead_id=lead.id, chat_id=previous.telegram_user_id, notice=notice, now=now
        )
    rep.assigned += 1
    offer(session, content, handover, lead, rep, now)
    return handover, lead, rep
