"""Meetings at the edge: slot buttons, and booking notices with their time in the reader's
zone and the .ics invitation attached."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.texts import Texts
from bot.dialogs.callbacks import BookingAction, BookingCallback
from bot.presentation.ics import Invitation, invitation
from bot.presentation.messages import lead_name
from bot.qualify.booking.actions import INVITATION
from bot.qualify.booking.offers import PICK, Offer, minutes_of
from bot.qualify.plan import Button, Notice
from storage.leads import get_lead
from storage.meetings import get_meeting, rep_of
from storage.models import Meeting
from storage.models.meetings import CANCELLED

ACTIONS = frozenset(BookingAction)
ICS_NAME = "meeting.ics"
Document = tuple[str, bytes]


def when(texts: Texts, locale: str, at: datetime, zone: str) -> str:
    """A start time in words of the locale, in `zone`: "Wed, 2 Dec · 09:00"."""
    local = at.astimezone(ZoneInfo(zone))
    weekdays = texts.get(locale, "booking.weekdays").split(",")
    months = texts.get(locale, "booking.months").split(",")
    return texts.get(
        locale,
        "booking.slot",
        weekday=weekdays[local.weekday()].strip(),
        day=local.day,
        month=months[local.month - 1].strip(),
        time=f"{local:%H:%M}",
    )


def at_of(minutes: int) -> datetime:
    """A slot's start from its button data."""
    return datetime.fromtimestamp(minutes * 60, UTC)


def button_data(button: Button) -> str:
    """The callback data of a booking button of a plan or notice."""
    if button.action == PICK:
        return BookingCallback(
            action=BookingAction.PICK, rep=int(button.slot), at=int(button.value)
        ).pack()
    return BookingCallback(action=BookingAction(button.action), meeting=int(button.value)).pack()


def booking_button(texts: Texts, locale: str, button: Button, zone: str) -> InlineKeyboardButton:
    """A slot labelled with its time in `zone`, or a move or cancel button."""
    if button.action == PICK:
        label = when(texts, locale, at_of(int(button.value)), zone)
    else:
        label = texts.get(locale, button.label_key)
    return InlineKeyboardButton(text=label, callback_data=button_data(button))


def slot_keyboard(
    texts: Texts, locale: str, offer: Offer, meeting_id: int
) -> InlineKeyboardMarkup:
    """Slots to move a meeting to, one per row."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=when(texts, locale, slot.starts_at, offer.zone),
                    callback_data=BookingCallback(
                        action=BookingAction.PICK,
                        meeting=meeting_id,
                        rep=slot.rep_id,
                        at=minutes_of(slot.starts_at),
                    ).pack(),
                )
            ]
            for slot in offer.slots
        ]
    )


async def meeting_message(
    session: AsyncSession, texts: Texts, locale: str, notice: Notice
) -> tuple[str, Document | None]:
    """A booking notice's text, with the meeting as it is now, and its invitation."""
    meeting = await get_meeting(session, int(notice.values[INVITATION]))
    lead = await get_lead(session, meeting.lead_id) if meeting is not None else None
    rep = await rep_of(session, meeting.rep_id) if meeting is not None else None
    if meeting is None or lead is None or rep is None:
        raise LookupError(f"the meeting of notice {notice.key} is gone")
    zone = str(notice.values["zone"])
    values = {
        "when": when(texts, locale, meeting.starts_at, zone),
        "zone": zone,
        "rep": rep.name,
        "name": lead_name(lead),
        "id": lead.id,
        "minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
    }
    text = texts.get(locale, notice.key, **values)
    if notice.key.endswith("reminder"):
        return text, None
    for_rep = notice.key.startswith("booking.rep_")
    plain = {name: str(value) for name, value in values.items()}  # a calendar is no HTML
    summary = texts.raw(locale, "booking.ics_rep" if for_rep else "booking.ics", **plain)
    return text, (ICS_NAME, invitation(_event(meeting, summary)))


def _event(meeting: Meeting, summary: str) -> Invitation:
    return Invitation(
        uid=f"meeting-{meeting.id}-{meeting.created_at:%Y%m%dT%H%M%S}@leadbot",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        stamp=meeting.updated_at,
        summary=summary,
        cancelled=meeting.status == CANCELLED,
    )
