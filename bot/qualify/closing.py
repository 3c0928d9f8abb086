"""When a prospect withdraws, says no or asks to be erased, sales lets go at once.

Every handover still waiting is cancelled, a takeover ends, the follow-ups and the notices
not yet sent are dropped, and each rep who held the lead hears it in one line. After this,
accept and takeover are refused (handover.check_owner, rep_desk.take_over), because the
handover is no longer offered and the lead no longer consents or is lost.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.handover import rep_locale
from bot.qualify.plan import Notice
from bot.qualify.vocabulary import HandoverStatus
from storage.followups import cancel_pending
from storage.handovers import lead_handovers
from storage.meetings import cancel_lead_meetings
from storage.models import Lead, Rep
from storage.outbox import cancel_unsent, enqueue
from storage.reps import get_rep

# Handovers that still bind a rep: waiting, offered, escalated, or accepted and in work.
_LIVE = (
    HandoverStatus.PENDING,
    HandoverStatus.OFFERED,
    HandoverStatus.ESCALATED,
    HandoverStatus.ACCEPTED,
)


class Closure(StrEnum):
    """Why sales has to let go of a lead (the text key rep.closed.<why>)."""

    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    ERASED = "erased"


async def reps_to_tell(session: AsyncSession, lead: Lead) -> list[Rep]:
    """The reps who hold the lead: offered, accepted, or talking to the prospect."""
    ids = {h.rep_id for h in await lead_handovers(session, lead.id, _LIVE) if h.rep_id}
    if lead.taken_over_by is not None:
        ids.add(lead.taken_over_by)
    reps = [await get_rep(session, rep_id) for rep_id in sorted(ids)]
    return [rep for rep in reps if rep is not None]


async def close_with_sales(
    session: AsyncSession, content: Content, lead: Lead, why: Closure, now: datetime
) -> list[Rep]:
    """Cancel open handovers, end a takeover, drop what was not sent; tell each rep in one
    line (through the outbox, unless the lead is about to be erased). Returns those reps."""
    reps = await reps_to_tell(session, lead)
    for handover in await lead_handovers(session, lead.id, _LIVE[:3]):
        handover.status, handover.decided_at = HandoverStatus.CANCELLED, now
        handover.decision_note, handover.rep_id = why.value, None
    lead.taken_over_by = None
    await cancel_unsent(session, lead_id=lead.id, note=why.value)
    await cancel_pending(session, lead_id=lead.id, note=why.value)
    await cancel_lead_meetings(session, lead_id=lead.id, now=now)  # slots free, no reminder
    if why is not Closure.ERASED:
        for rep in reps:
            notice = closed_notice(lead, why, rep_locale(rep, content))
            enqueue(session, lead_id=lead.id, chat_id=rep.telegram_user_id, notice=notice, now=now)
    return reps


def closed_notice(lead: Lead, why: Closure, locale: str) -> Notice:
    """The rep's one line: which lead, and why it is closed (no name: it may be erased)."""
    return Notice(f"rep.closed.{why.value}", {"id": lead.id}, locale=locale)
