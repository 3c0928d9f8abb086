"""Which slots a prospect (or a rep moving a meeting) is offered, in whose time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.booking.hours import WorkingHours
from bot.qualify.booking.policy import BookingPolicy, hours_from
from bot.qualify.booking.slots import Busy, Slot, offer, still_free
from bot.qualify.dialog.turn import Turn
from bot.qualify.plan import Button
from bot.qualify.routing import fits
from bot.qualify.vocabulary import HandoverStatus
from storage.handovers import lead_handovers
from storage.meetings import busy_times, hours_of, rep_of
from storage.models import Handover, Lead, Meeting, Rep
from storage.reps import available_reps

PICK, MOVE, CANCEL = "pick", "move", "cancel"  # the actions of booking buttons
ACTIONS = frozenset({PICK, MOVE, CANCEL})
UNDECIDED = (HandoverStatus.PENDING, HandoverStatus.OFFERED, HandoverStatus.ESCALATED)
Calendar = tuple[int, WorkingHours, Busy]


@dataclass(frozen=True)
class Offer:
    """Slots to choose from, shown in `zone`."""

    slots: list[Slot]
    zone: str

    def buttons(self) -> tuple[Button, ...]:
        """One button per slot: the rep's id and the start in minutes since the epoch."""
        return tuple(
            Button("booking.slot", PICK, slot=str(s.rep_id), value=str(minutes_of(s.starts_at)))
            for s in self.slots
        )


def minutes_of(at: datetime) -> int:
    """A start time as whole minutes since the epoch (compact button data)."""
    return int(at.timestamp()) // 60


async def live_handover(session: AsyncSession, lead: Lead) -> Handover | None:
    """The lead's newest handover that is waiting or accepted."""
    live = await lead_handovers(session, lead.id, (*UNDECIDED, HandoverStatus.ACCEPTED))
    return live[-1] if live else None


async def reps_for(session: AsyncSession, lead: Lead) -> list[Rep]:
    """The rep who has the lead (offered or accepted) if they set working hours, else every
    available rep who fits the lead."""
    live = await live_handover(session, lead)
    if live is not None and live.rep_id is not None:
        rep = await rep_of(session, live.rep_id)
        if rep is not None and await hours_of(session, [rep.id]):
            return [rep]
    return [rep for rep in await available_reps(session) if fits(rep, lead)]


async def calendars(
    session: AsyncSession, rep_ids: list[int], now: datetime, skip: Meeting | None = None
) -> list[Calendar]:
    """Working hours and booked times of the reps who set hours (`skip` left out)."""
    hours = await hours_of(session, rep_ids)
    found: list[Calendar] = []
    for rep_id in (rep_id for rep_id in rep_ids if rep_id in hours):
        busy = await busy_times(session, rep_id, now)
        if skip is not None and skip.rep_id == rep_id:
            busy = [b for b in busy if b != (skip.starts_at, skip.ends_at)]
        found.append((rep_id, hours_from(hours[rep_id]), busy))
    return found


async def slots_for_lead(
    session: AsyncSession, policy: BookingPolicy, lead: Lead, now: datetime
) -> Offer:
    """Free slots with the lead's rep (or the pool), in the lead's zone."""
    reps = await reps_for(session, lead)
    zone = policy.zone_of(lead)
    found = await calendars(session, [rep.id for rep in reps], now)
    return Offer(offer(found, now, policy.rules, zone), zone)


async def slots_to_move(
    session: AsyncSession,
    policy: BookingPolicy,
    meeting: Meeting,
    lead: Lead,
    zone: str,
    now: datetime,
) -> Offer:
    """Other free slots with the meeting's rep, shown in `zone`."""
    found = await calendars(session, [meeting.rep_id], now)  # its own time is busy, too
    return Offer(offer(found, now, policy.rules, policy.zone_of(lead)), zone)


async def is_free(
    session: AsyncSession,
    policy: BookingPolicy,
    lead: Lead,
    rep_id: int,
    at: datetime,
    now: datetime,
    skip: Meeting | None = None,
) -> bool:
    """Whether `at` is still a free start with this rep, for this lead, at `now`."""
    for _, hours, busy in await calendars(session, [rep_id], now, skip=skip):
        return still_free(hours, busy, now, policy.rules, policy.zone_of(lead), at)
    return False


async def rep_zone(session: AsyncSession, policy: BookingPolicy, rep_id: int) -> str:
    """The zone a rep reads times in: their working hours', else the business's."""
    hours = await hours_of(session, [rep_id])
    return hours[rep_id].timezone if rep_id in hours else policy.business_zone


async def offer_meeting(turn: Turn) -> None:
    """Offer a sales-ready prospect free slots with their rep (or the pool) as buttons;
    nothing when meetings are off or nobody has a free slot."""
    if turn.booking is None:
        return
    found = await slots_for_lead(turn.session, turn.booking, turn.lead, turn.now)
    if found.slots:
        minutes = turn.booking.rules.minutes
        turn.plan.say("booking.offer", found.buttons(), zone=found.zone, minutes=minutes)
