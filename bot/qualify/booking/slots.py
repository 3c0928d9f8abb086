"""Free meeting slots: inside a rep's working hours, in the future, clear of meetings.

Pure functions over an injected `now`; a slot is an aware UTC start time. Working hours
are wall-clock times in the rep's zone, so 09:00 stays 09:00 across a DST change, and the
prospect sees the same instants in their own zone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.qualify.booking.hours import WorkingHours

# A prospect is not offered a time at night in their own zone, whatever the rep's hours.
AWAKE = (time(7, 0), time(21, 0))


@dataclass(frozen=True)
class SlotRules:
    """How long a meeting is, how far ahead it must be booked, and how far out we look."""

    minutes: int = 30
    notice_minutes: int = 120
    horizon_days: int = 14
    count: int = 3


@dataclass(frozen=True)
class Slot:
    """A free start time with a rep."""

    rep_id: int
    starts_at: datetime  # aware, UTC


Busy = Sequence[tuple[datetime, datetime]]


def free_starts(
    hours: WorkingHours, busy: Busy, now: datetime, rules: SlotRules, prospect_zone: str
) -> Iterator[datetime]:
    """Every free start time, earliest first, on a grid of the meeting length from opening."""
    length, earliest = (
        timedelta(minutes=rules.minutes),
        now + timedelta(minutes=rules.notice_minutes),
    )
    tz, theirs = hours.tz, ZoneInfo(prospect_zone)
    today = now.astimezone(tz).date()
    for offset in range(rules.horizon_days + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in hours.days:
            continue
        start = datetime.combine(day, hours.opens, tzinfo=tz)
        close = datetime.combine(day, hours.closes, tzinfo=tz)
        while start + length <= close:
            at = start.astimezone(UTC)
            if at >= earliest and _awake(at, theirs) and not _clashes(at, length, busy):
                yield at
            # Step in UTC: a wall-clock step would skip or repeat an hour at a DST change.
            start = (at + length).astimezone(tz)


def _awake(at: datetime, zone: ZoneInfo) -> bool:
    local = at.astimezone(zone).time()
    return AWAKE[0] <= local and local < AWAKE[1]


def _clashes(at: datetime, length: timedelta, busy: Busy) -> bool:
    return any(at < end and start < at + length for start, end in busy)


def spread(starts: Iterator[datetime], zone: str, count: int) -> list[datetime]:
    """The earliest start of each of the first `count` days that have one (a choice of
    days, not three neighbouring half hours); fewer when the horizon holds fewer days."""
    chosen: list[datetime] = []
    days: set[object] = set()
    tz = ZoneInfo(zone)
    for at in starts:
        day = at.astimezone(tz).date()
        if day not in days:
            days.add(day)
            chosen.append(at)
            if len(chosen) == count:
                break
    return chosen


def offer(
    calendars: Sequence[tuple[int, WorkingHours, Busy]],
    now: datetime,
    rules: SlotRules,
    prospect_zone: str,
) -> list[Slot]:
    """Up to `rules.count` slots on different days across the reps' calendars (the first rep
    listed wins a tie), shown to a prospect in `prospect_zone`."""
    candidates: dict[datetime, int] = {}
    for rep_id, hours, busy in calendars:
        for at in spread(free_starts(hours, busy, now, rules, prospect_zone), prospect_zone, 99):
            candidates.setdefault(at, rep_id)
    picked = spread(iter(sorted(candidates)), prospect_zone, rules.count)
    return [Slot(candidates[at], at) for at in picked]


def still_free(
    hours: WorkingHours,
    busy: Busy,
    now: datetime,
    rules: SlotRules,
    prospect_zone: str,
    at: datetime,
) -> bool:
    """Whether `at` is (still) a free start time with this rep."""
    for start in free_starts(hours, busy, now, rules, prospect_zone):
        if start >= at:
            return start == at
    return False
