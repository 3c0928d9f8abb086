"""Nurture: which follow-ups a lead should get, and when they may be sent.

Planning keeps a lead's pending follow-ups in line with its persona, stage and dialog;
the sender (bot/nurture_sender.py) checks the stop conditions, quiet hours and the weekly
cap again at sending time, because a lot can change between planning and sending.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schemas import Nurture, Sequence
from bot.qualify.consent import ConsentState
from bot.qualify.lifecycle import Stage
from bot.qualify.vocabulary import FollowUpKind
from storage.followups import (
    campaign_audience,
    cancel_pending,
    refs_starting_with,
    schedule,
    sent_since,
)
from storage.models import Lead

MARKETING_STAGES = frozenset({Stage.NEW, Stage.ENGAGED, Stage.RECYCLED})


def may_nurture(lead: Lead) -> bool:
    """Marketing consent, not withdrawn, and sales does not have the lead."""
    return (
        lead.consent_state == ConsentState.GRANTED
        and lead.marketing_allowed
        and lead.lifecycle in MARKETING_STAGES
    )


def sequence_for(nurture: Nurture, lead: Lead) -> Sequence | None:
    """The sequence for the lead's stage: one made for its persona before one for any."""
    fitting = [s for s in nurture.sequences if s.stage == lead.stage]
    own = [s for s in fitting if lead.persona in s.personas]
    anyone = [s for s in fitting if "any" in s.personas]
    candidates = own or anyone
    return candidates[0] if candidates else None


async def replan(session: AsyncSession, lead: Lead, nurture: Nurture, now: datetime) -> None:
    """Bring the lead's pending follow-ups in line with where it stands now."""
    if not may_nurture(lead):
        await cancel_pending(session, lead_id=lead.id, note="no longer eligible")
        return
    sequence = sequence_for(nurture, lead)
    prefix = f"{sequence.id}/" if sequence else "\x00"
    await cancel_pending(
        session,
        lead_id=lead.id,
        kind=FollowUpKind.SEQUENCE,
        keep_prefix=prefix,
        note="persona or stage changed",
    )
    if sequence is not None:
        existing = await refs_starting_with(session, lead_id=lead.id, prefix=prefix)
        for step in sequence.steps:
            ref = f"{sequence.id}/{step.id}"
            if ref not in existing:
                due_at = now + timedelta(days=step.after_days)
                await schedule(
                    session, lead_id=lead.id, kind=FollowUpKind.SEQUENCE, ref=ref, due_at=due_at
                )
    # One reminder while a qualification is open, counted from the last message.
    await cancel_pending(
        session, lead_id=lead.id, kind=FollowUpKind.REMINDER, note="prospect wrote again"
    )
    if lead.dialog_step is not None:
        await schedule(
            session,
            lead_id=lead.id,
            kind=FollowUpKind.REMINDER,
            ref=f"reminder/{now:%Y%m%d%H%M%S}",
            due_at=now + timedelta(hours=nurture.reminder.after_hours),
        )


def zone_of(nurture: Nurture, lead: Lead) -> ZoneInfo:
    """The lead's own time zone if set and known, else the deployment's."""
    if lead.timezone:
        try:
            return ZoneInfo(lead.timezone)
        except (KeyError, ValueError):
            pass
    return ZoneInfo(nurture.timezone)


def quiet_until(nurture: Nurture, lead: Lead, now: datetime) -> datetime | None:
    """When quiet hours end, if `now` falls in them for this lead; else None."""
    local = now.astimezone(zone_of(nurture, lead))
    start, end = nurture.quiet_hours.start, nurture.quiet_hours.end
    clock = local.time()
    quiet = (start <= clock or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return None
    day = local.date() if clock < end else local.date() + timedelta(days=1)
    resume = datetime.combine(day, end, tzinfo=local.tzinfo)
    return resume.astimezone(now.tzinfo)


async def cap_reached_until(
    session: AsyncSession, nurture: Nurture, lead: Lead, now: datetime
) -> datetime | None:
    """When the next follow-up may go out if the weekly cap is used up; else None."""
    sent = await sent_since(session, lead_id=lead.id, since=now - timedelta(days=7))
    if len(sent) < nurture.weekly_cap:
        return None
    oldest = sent[len(sent) - nurture.weekly_cap]
    return oldest + timedelta(days=7, minutes=1)


async def plan_campaigns(session: AsyncSession, nurture: Nurture, now: datetime) -> int:
    """Schedule each campaign whose date has come for the leads it addresses; returns rows."""
    added = 0
    zone = ZoneInfo(nurture.timezone)
    for campaign in nurture.campaigns:
        moment = campaign.date if campaign.date.tzinfo else campaign.date.replace(tzinfo=zone)
        if moment > now or now - moment > timedelta(days=7):
            continue  # not yet, or too long ago to still be news
        ref = f"campaign/{campaign.id}"
        audience = await campaign_audience(
            session,
            ref=ref,
            consent_state=ConsentState.GRANTED,
            lifecycles=MARKETING_STAGES,
            stages=campaign.stages,
            personas=None if "any" in campaign.personas else campaign.personas,
        )
        for lead in audience:
            planned = await schedule(
                session, lead_id=lead.id, kind=FollowUpKind.CAMPAIGN, ref=ref, due_at=now
            )
            added += planned
    return added
