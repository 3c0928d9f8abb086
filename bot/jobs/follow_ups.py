"""The follow-up worker: campaigns planned, due follow-ups checked again, sent, recorded."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.jobs.engine import Outcome, Send, Verdict, drain
from bot.jobs.retry import RetryPolicy
from bot.jobs.telegram import send_message
from bot.jobs.unreachable import when_unreachable
from bot.presentation.follow_ups import follow_up_text
from bot.qualify.nurture import cap_reached_until, may_nurture, plan_campaigns, quiet_until
from bot.qualify.vocabulary import Direction, EventKind
from bot.settings import Settings
from storage.delivery import FOLLOW_UPS, to_chats
from storage.history import record_event
from storage.leads import get_lead, record_message
from storage.models import Lead, ScheduledMessage

if TYPE_CHECKING:
    from bot.factory import Dependencies


async def send_due(deps: Dependencies, bot: Bot, *, batch: int = 50) -> dict[str, int]:
    """Plan campaigns whose date has come, then claim and send what is due; counts by outcome."""
    content = deps.content_store.current
    now = deps.clock()

    async def plan(session: AsyncSession) -> int:
        return await plan_campaigns(session, content.nurture, now)

    async def send(session: AsyncSession, row: ScheduledMessage, now: datetime) -> Outcome | Send:
        return await _send_one(session, bot, (content, deps.settings), row, now)

    policy = RetryPolicy.from_settings(deps.settings)
    return await drain(
        deps.sessionmaker,
        FOLLOW_UPS,
        send,
        now=now,
        policy=policy,
        batch=batch,
        prepare=plan,
        only=to_chats(FOLLOW_UPS, deps.chats),
    )


async def _send_one(
    session: AsyncSession,
    bot: Bot,
    config: tuple[Content, Settings],
    row: ScheduledMessage,
    now: datetime,
) -> Outcome | Send:
    """Send one claimed follow-up if it still may go, and keep it in the transcript."""
    content, settings = config
    lead = await get_lead(session, row.lead_id)
    if lead is None or not may_nurture(lead):
        return Outcome.cancelled("no marketing consent, withdrawn, or with sales")
    not_now = await _not_now(session, content, lead, now)
    if not_now is not None:
        return not_now
    text = follow_up_text(content, row, lead)
    if not text:
        return Outcome.cancelled("no longer in content/nurture.yaml")
    chat_id, lead_id, ref = lead.chat_id, lead.id, row.ref

    async def sent(session: AsyncSession) -> None:
        record_event(
            session,
            lead_id=lead_id,
            kind=EventKind.NURTURE_SENT,
            weight=0.0,
            detail={"ref": ref},
            now=now,
        )
        written = await get_lead(session, lead_id)
        if written is not None:
            record_message(session, written, direction=Direction.OUT, text=text, now=now)

    return Send(
        lambda: send_message(bot, chat_id, text, now=now, blocked=Verdict.CANCELLED),
        sent,
        when_unreachable(content, settings, chat_id, now),
    )


async def _not_now(
    session: AsyncSession, content: Content, lead: Lead, now: datetime
) -> Outcome | None:
    """Deferred to the end of the lead's quiet hours or of the weekly cap; None: send now."""
    quiet = quiet_until(content.nurture, lead, now)
    if quiet is not None:
        return Outcome.deferred(quiet, "quiet hours")
    capped = await cap_reached_until(session, content.nurture, lead, now)
    if capped is not None:
        return Outcome.deferred(capped, "weekly cap")
    return None
