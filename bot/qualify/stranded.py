"""No stranded lead: when no rep can take a handover (no reps, all away, none fits), the
admins hear of it once, when it opens, and the prospect is promised what is true, the next
business day, instead of "usually within an hour"."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.desk import SlaPolicy, day_code, next_business_day
from bot.qualify.plan import Notice, Plan, TextKey
from bot.qualify.vocabulary import HandoverStatus
from storage.models import Handover, Lead
from storage.outbox import enqueue

log = logging.getLogger(__name__)

STRANDED_ADMIN = "operations.stranded_admin"
PROMISE = "operations.stranded_promise"
STRANDED_STATUSES = (HandoverStatus.PENDING, HandoverStatus.ESCALATED)


def lead_name(lead: Lead) -> str:
    """The prospect's name as Telegram gave it, or the @username, or "?"."""
    name = " ".join(part for part in (lead.first_name, lead.last_name) if part)
    return name or (f"@{lead.username}" if lead.username else "?")


def is_stranded(handover: Handover | None) -> bool:
    """A handover that no rep holds: nobody could take it, or nobody took it in time."""
    if handover is None:
        return False
    return handover.rep_id is None and handover.status in STRANDED_STATUSES


def tell_admins(
    session: AsyncSession,
    content: Content,
    policy: SlaPolicy,
    handover: Handover,
    lead: Lead,
    now: datetime,
) -> None:
    """Each admin hears once that a lead waits with no rep, and how to hand it to one."""
    if not policy.admin_ids:
        log.warning("no rep can take lead %s and LEADBOT_ADMIN_IDS is empty", lead.id)
    values = {"id": lead.id, "name": lead_name(lead), "handover": handover.id}
    notice = Notice(STRANDED_ADMIN, values, locale=content.texts.fallback)
    for chat_id in policy.admin_ids:
        enqueue(session, lead_id=lead.id, chat_id=chat_id, notice=notice, now=now)


def promise(plan: Plan, policy: SlaPolicy, now: datetime) -> None:
    """Tell the prospect when someone will really be in touch: the next business day."""
    day = next_business_day(now, policy)
    plan.say(
        PROMISE,
        weekday=TextKey(f"operations.weekdays.{day_code(day)}"),
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
        year=str(day.year),
    )
