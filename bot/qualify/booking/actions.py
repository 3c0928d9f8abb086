"""Booking, moving and cancelling a meeting, and the reminder an hour before.

A booking is the rep's acceptance of the handover (SAL), through handover.accept. Every
message it causes is a Notice in the outbox, written in the booking's transaction, naming
the meeting: the edge renders the time in each reader's zone and attaches the invitation.
Two bookings of one slot are refused by the database (storage.meetings.SlotTaken).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import handover as handovers
from bot.qualify.booking.offers import (
    CANCEL,
    MOVE,
    UNDECIDED,
    is_free,
    live_handover,
    rep_zone,
)
from bot.qualify.booking.policy import BookingPolicy
from bot.qualify.consent import ConsentState
from bot.qualify.plan import Button, Notice
from bot.qualify.rep_desk import may_write_to
from bot.qualify.vocabulary import HandoverStatus
from storage.leads import get_lead
from storage.meetings import (
    SlotTaken,
    book_meeting,
    booked_meeting_of,
    cancel_meeting,
    claim_reminders,
    get_meeting,
    move_meeting,
    rep_of,
)
from storage.models import Lead, Meeting, Rep
from storage.models.meetings import BOOKED
from storage.outbox import enqueue

PROSPECT, REP = "prospect", "rep"
INVITATION = "meeting"  # a notice value naming a meeting: its time is shown, its .ics attached


class NotBookable(LookupError):
    """The meeting is gone, not booked any more, or not this person's to change."""


async def book(
    session: AsyncSession,
    content: Content,
    policy: BookingPolicy,
    lead: Lead,
    rep_id: int,
    at: datetime,
    now: datetime,
) -> Meeting:
    """Book `at` with the rep, or move the lead's meeting there; SlotTaken if it is gone.
    The rep thereby accepts the lead's waiting handover."""
    current = await booked_meeting_of(session, lead.id)
    if current is not None and current.rep_id == rep_id:
        return await move(session, content, policy, current.id, at, now, lead=lead)
    rep = await rep_of(session, rep_id)
    if current is not None or rep is None or lead.consent_state != ConsentState.GRANTED:
        raise NotBookable(f"lead {lead.id} cannot book rep {rep_id} now")
    if not await is_free(session, policy, lead, rep_id, at, now):
        raise SlotTaken(f"rep {rep_id} is not free at {at}")
    live = await live_handover(session, lead)
    meeting = await book_meeting(
        session,
        lead_id=lead.id,
        rep_id=rep_id,
        handover_id=live.id if live is not None else None,
        starts_at=at,
        minutes=policy.rules.minutes,
        remind_before=policy.remind_before,
        now=now,
    )
    if live is not None and live.status in UNDECIDED:
        live.rep_id, live.status = rep.id, HandoverStatus.OFFERED
        await handovers.accept(session, content, live.id, rep.telegram_user_id, now)
    await tell(session, content, policy, meeting, lead, rep, "booked", now)
    return meeting


async def move(
    session: AsyncSession,
    content: Content,
    policy: BookingPolicy,
    meeting_id: int,
    at: datetime,
    now: datetime,
    *,
    lead: Lead | None = None,
    rep_user_id: int | None = None,
) -> Meeting:
    """Move a booked meeting, by its prospect (`lead`) or its rep (`rep_user_id`)."""
    meeting, owner, rep = await meeting_of(session, meeting_id, lead=lead, rep_user_id=rep_user_id)
    if not await is_free(session, policy, owner, rep.id, at, now, skip=meeting):
        raise SlotTaken(f"rep {rep.id} is not free at {at}")
    by = PROSPECT if lead is not None else REP
    await move_meeting(
        session,
        meeting,
        starts_at=at,
        minutes=policy.rules.minutes,
        remind_before=policy.remind_before,
        by=by,
        now=now,
    )
    await tell(session, content, policy, meeting, owner, rep, "moved", now)
    return meeting


async def cancel(
    session: AsyncSession,
    content: Content,
    policy: BookingPolicy,
    meeting_id: int,
    now: datetime,
    *,
    lead: Lead | None = None,
    rep_user_id: int | None = None,
) -> Meeting:
    """Cancel a booked meeting, by its prospect or its rep; both are told."""
    meeting, owner, rep = await meeting_of(session, meeting_id, lead=lead, rep_user_id=rep_user_id)
    cancel_meeting(meeting, by=PROSPECT if lead is not None else REP, now=now)
    await tell(session, content, policy, meeting, owner, rep, "cancelled", now)
    return meeting


async def current_meeting(session: AsyncSession, lead: Lead) -> Meeting | None:
    """The lead's booked meeting still to come, if any."""
    return await booked_meeting_of(session, lead.id)


async def meeting_of(
    session: AsyncSession,
    meeting_id: int,
    *,
    lead: Lead | None = None,
    rep_user_id: int | None = None,
) -> tuple[Meeting, Lead, Rep]:
    """A booked meeting with its lead and rep, if it belongs to `lead` or to the rep with
    `rep_user_id`; NotBookable otherwise."""
    meeting = await get_meeting(session, meeting_id)
    owner = await get_lead(session, meeting.lead_id) if meeting is not None else None
    rep = await rep_of(session, meeting.rep_id) if meeting is not None else None
    if meeting is None or owner is None or rep is None or meeting.status != BOOKED:
        raise NotBookable(f"meeting {meeting_id} is not booked")
    if lead is not None and lead.id != owner.id:
        raise NotBookable(f"meeting {meeting_id} is not lead {lead.id}'s")
    if rep_user_id is not None and rep.telegram_user_id != rep_user_id:
        raise NotBookable(f"meeting {meeting_id} is not rep {rep_user_id}'s")
    if lead is None and rep_user_id is None:
        raise NotBookable("nobody named to change the meeting")
    return meeting, owner, rep


async def tell(
    session: AsyncSession,
    content: Content,
    policy: BookingPolicy,
    meeting: Meeting,
    lead: Lead,
    rep: Rep,
    what: str,
    now: datetime,
) -> None:
    """Tell the prospect (if they may be written to) and the rep: booking.<what> and
    booking.rep_<what>, the meeting's invitation attached, and, while it stands, buttons
    to move or cancel it."""
    value = str(meeting.id)
    buttons: tuple[Button, ...] = ()
    if meeting.status == BOOKED:
        buttons = (
            Button("booking.button_move", MOVE, value=value),
            Button("booking.button_cancel", CANCEL, value=value),
        )
    if may_write_to(lead):
        values = {INVITATION: meeting.id, "zone": policy.zone_of(lead)}
        notice = Notice(f"booking.{what}", values, buttons=buttons)
        enqueue(session, lead_id=lead.id, chat_id=lead.chat_id, notice=notice, now=now)
    locale = handovers.rep_locale(rep, content)
    values = {INVITATION: meeting.id, "zone": await rep_zone(session, policy, rep.id)}
    notice = Notice(f"booking.rep_{what}", values, buttons=buttons, locale=locale)
    enqueue(session, lead_id=lead.id, chat_id=rep.telegram_user_id, notice=notice, now=now)


async def remind_due(
    session: AsyncSession, content: Content, policy: BookingPolicy, now: datetime
) -> int:
    """Write the reminders that are due to the outbox, each exactly once; how many."""
    claimed = await claim_reminders(session, now)
    for meeting_id in claimed:
        meeting = await get_meeting(session, meeting_id)
        lead = await get_lead(session, meeting.lead_id) if meeting is not None else None
        rep = await rep_of(session, meeting.rep_id) if meeting is not None else None
        if meeting is not None and lead is not None and rep is not None:
            await tell(session, content, policy, meeting, lead, rep, "reminder", now)
    return len(claimed)
