"""Sending due follow-ups: claimed in the database, checked again, sent, and recorded."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.factory import Dependencies
from bot.presentation.messages import find_item, item_text
from bot.qualify.nurture import cap_reached_until, may_nurture, plan_campaigns, quiet_until
from storage.claims import claim_due as claim_rows
from storage.models import Event, Lead, Message, ScheduledMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)


async def claim_due(session: AsyncSession, now: datetime, batch: int) -> list[int]:
    """Claim due follow-ups; another instance running the same query gets none."""
    return await claim_rows(session, ScheduledMessage, now, batch=batch, stale=STALE_CLAIM)


def text_for(content: Content, row: ScheduledMessage, lead: Lead) -> str | None:
    """The follow-up's text in the lead's language, or None if it is gone from content/."""
    nurture, locale = content.nurture, lead.language
    if row.kind == "reminder":
        return nurture.reminder.text.get(locale)  # type: ignore[call-overload, no-any-return]
    if row.kind == "campaign":
        campaign_id = row.ref.split("/", 1)[1]
        campaign = next((c for c in nurture.campaigns if c.id == campaign_id), None)
        return campaign.text.get(locale) if campaign else None  # type: ignore[call-overload]
    sequence_id, step_id = row.ref.split("/", 1)
    for sequence in nurture.sequences:
        for step in sequence.steps:
            if sequence.id == sequence_id and step.id == step_id:
                if step.text is not None:
                    return step.text.get(locale)  # type: ignore[call-overload, no-any-return]
                item = find_item(content, step.item or "", locale)
                return item_text(content, locale, item) if item else None
    return None


async def deliver(
    session: AsyncSession, bot: Bot, content: Content, row: ScheduledMessage, now: datetime
) -> str:
    """Send one claimed follow-up if it still may go; returns what happened."""
    lead = await session.get(Lead, row.lead_id)
    if lead is None or not may_nurture(lead):
        row.status, row.note = "cancelled", "no marketing consent, withdrawn, or with sales"
        return "cancelled"
    for wait_until, reason in (
        (quiet_until(content.nurture, lead, now), "quiet hours"),
        (await cap_reached_until(session, content.nurture, lead, now), "weekly cap"),
    ):
        if wait_until is not None:
            row.status, row.due_at, row.note = "pending", wait_until, reason
            return "deferred"
    text = text_for(content, row, lead)
    if not text:
        row.status, row.note = "cancelled", "no longer in content/nurture.yaml"
        return "cancelled"
    try:
        await bot.send_message(lead.chat_id, text)
    except TelegramRetryAfter as error:
        row.status, row.due_at = "pending", now + timedelta(seconds=error.retry_after)
        row.note = "Telegram asked to retry later"
        return "deferred"
    except TelegramForbiddenError:
        row.status, row.note = "cancelled", "the prospect blocked the bot"
        return "cancelled"
    except TelegramAPIError as error:
        row.attempts += 1
        failed = row.attempts >= MAX_ATTEMPTS
        row.status = "failed" if failed else "pending"
        row.due_at = now + timedelta(minutes=2**row.attempts)
        row.note = f"send failed: {error}"[:500]
        log.warning("follow-up %s to lead %s failed (%s)", row.ref, lead.id, error)
        return "failed" if failed else "retry"
    row.status, row.sent_at, row.note = "sent", now, None
    session.add(
        Event(
            lead_id=lead.id,
            kind="nurture_sent",
            weight=0.0,
            detail={"ref": row.ref},
            occurred_at=now,
        )
    )
    session.add(Message(lead_id=lead.id, direction="out", text=text, sent_at=now))
    return "sent"


async def send_due(deps: Dependencies, bot: Bot, *, batch: int = 50) -> dict[str, int]:
    """Plan campaigns, then claim and deliver what is due; counts by outcome."""
    content = deps.content_store.current
    now = deps.clock()
    async with deps.sessionmaker() as session:
        await plan_campaigns(session, content.nurture, now)
        ids = await claim_due(session, now, batch)
        await session.commit()
    outcomes: dict[str, int] = {}
    for row_id in ids:
        async with deps.sessionmaker() as session:
            row = await session.get(ScheduledMessage, row_id)
            if row is None:
                continue  # erased in the meantime
            outcome = await deliver(session, bot, content, row, now)
            await session.commit()
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
