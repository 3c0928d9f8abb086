"""Reps' working hours and the meetings booked into them.

Booking is guarded by the database, not by a check before the insert: the partial unique
index on (rep_id, starts_at) for booked meetings refuses a second booking of one slot,
also from another instance, and `SlotTaken` says so. The reminder is claimed by one
UPDATE … RETURNING that only wins while it is still pending: exactly once across workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Meeting, Rep, RepHours
from storage.models.meetings import BOOKED, CANCELLED

SENT, PENDING = "sent", "pending"


class SlotTaken(Exception):
    """Someone else booked this rep at this time first."""


@dataclass(frozen=True)
class HoursView:
    """A rep's working hours as stored: texts the domain parses."""

    rep_id: int
    days: str
    opens: str
    closes: str
    timezone: str


async def set_hours(
    session: AsyncSession,
    *,
    telegram_user_id: int,
    days: str,
    opens: str,
    closes: str,
    timezone: str,
) -> Rep | None:
    """Set (or replace) the working hours of the rep with this Telegram id; None if there
    is no such rep."""
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == telegram_user_id))
    if rep is None:
        return None
    row = await session.get(RepHours, rep.id)
    if row is None:
        row = RepHours(rep_id=rep.id)
        session.add(row)
    row.days, row.opens, row.closes, row.timezone = days, opens, closes, timezone
    await session.flush()
    return rep


async def hours_of(session: AsyncSession, rep_ids: list[int]) -> dict[int, HoursView]:
    """The working hours of these reps, by rep id; reps without hours are left out."""
    rows = await session.scalars(select(RepHours).where(RepHours.rep_id.in_(rep_ids)))
    return {
        row.rep_id: HoursView(row.rep_id, row.days, row.opens, row.closes, row.timezone)
        for row in rows
    }


async def busy_times(
    session: AsyncSession, rep_id: int, since: datetime
) -> list[tuple[datetime, datetime]]:
    """The booked meetings of a rep that end after `since`, as (start, end)."""
    rows = await session.execute(
        select(Meeting.starts_at, Meeting.ends_at).where(
            Meeting.rep_id == rep_id, Meeting.status == BOOKED, Meeting.ends_at > since
        )
    )
    return [(start, end) for start, end in rows.all()]


async def book_meeting(
    session: AsyncSession,
    *,
    lead_id: int,
    rep_id: int,
    handover_id: int | None,
    starts_at: datetime,
    minutes: int,
    remind_before: timedelta,
    now: datetime,
) -> Meeting:
    """Insert a booked meeting; SlotTaken (the transaction's earlier work kept) if the
    slot went to someone else first."""
    meeting = Meeting(
        lead_id=lead_id,
        rep_id=rep_id,
        handover_id=handover_id,
        status=BOOKED,
        sequence=0,
        created_at=now,
        changed_by="prospect",
    )
    _place(meeting, starts_at, minutes, remind_before, now)
    session.add(meeting)
    await _flush_or_taken(session, meeting)
    return meeting


async def move_meeting(
    session: AsyncSession,
    meeting: Meeting,
    *,
    starts_at: datetime,
    minutes: int,
    remind_before: timedelta,
    by: str,
    now: datetime,
) -> None:
    """Move a booked meeting to a new start; SlotTaken if that slot is not free."""
    _place(meeting, starts_at, minutes, remind_before, now)
    meeting.sequence += 1
    meeting.changed_by = by
    await _flush_or_taken(session, meeting)


def _place(
    meeting: Meeting, starts_at: datetime, minutes: int, remind_before: timedelta, now: datetime
) -> None:
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + timedelta(minutes=minutes)
    meeting.updated_at = now
    meeting.remind_at = starts_at - remind_before
    meeting.reminder_status = PENDING


async def _flush_or_taken(session: AsyncSession, meeting: Meeting) -> None:
    """Flush in a savepoint, so a refused booking rolls back only itself."""
    try:
        async with session.begin_nested():
            await session.flush([meeting])
    except IntegrityError:
        raise SlotTaken(f"rep {meeting.rep_id} is booked at {meeting.starts_at}") from None


def cancel_meeting(meeting: Meeting, *, by: str, now: datetime) -> None:
    """Cancel a meeting: its slot is free again and its reminder will not go out."""
    meeting.status, meeting.changed_by, meeting.updated_at = CANCELLED, by, now
    meeting.sequence += 1
    if meeting.reminder_status == PENDING:
        meeting.reminder_status = CANCELLED


async def cancel_lead_meetings(session: AsyncSession, *, lead_id: int, now: datetime) -> None:
    """Cancel every booked meeting of a lead who withdrew, declined or is being erased."""
    for meeting in await session.scalars(
        select(Meeting).where(Meeting.lead_id == lead_id, Meeting.status == BOOKED)
    ):
        cancel_meeting(meeting, by="closure", now=now)


async def get_meeting(session: AsyncSession, meeting_id: int) -> Meeting | None:
    """The meeting with this id, if any."""
    return await session.get(Meeting, meeting_id)


async def booked_meeting_of(session: AsyncSession, lead_id: int) -> Meeting | None:
    """The lead's booked meeting still to come, if any (the newest)."""
    return await session.scalar(
        select(Meeting)
        .where(Meeting.lead_id == lead_id, Meeting.status == BOOKED)
        .order_by(Meeting.id.desc())
    )


async def claim_reminders(session: AsyncSession, now: datetime, *, limit: int = 50) -> list[int]:
    """Flip due reminders of booked meetings from pending to sent and return their ids: a
    worker sends exactly those (in the same transaction), another finds them sent."""
    due = (
        select(Meeting.id)
        .where(
            Meeting.status == BOOKED,
            Meeting.reminder_status == PENDING,
            Meeting.remind_at <= now,
            Meeting.starts_at > now,
        )
        .order_by(Meeting.remind_at)
        .limit(limit)
    )
    claimed = await session.scalars(
        update(Meeting)
        .where(Meeting.id.in_(due.scalar_subquery()), Meeting.reminder_status == PENDING)
        .values(reminder_status=SENT)
        .returning(Meeting.id)
    )
    return sorted(claimed)


async def rep_of(session: AsyncSession, rep_id: int) -> Rep | None:
    """The rep with this id."""
    return await session.get(Rep, rep_id)
