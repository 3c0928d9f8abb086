"""A rep's working hours: which weekdays, from when to when, in which time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.qualify.business_time import DAYS


class BadHours(ValueError):
    """Working hours that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class WorkingHours:
    """Open on `days` (0 = Monday) from `opens` to `closes`, wall-clock time in `zone`."""

    days: frozenset[int]
    opens: time
    closes: time
    zone: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def days_text(self) -> str:
        """The days as stored and shown: "mon,tue,wed"."""
        return ",".join(DAYS[day] for day in sorted(self.days))

    def span_text(self) -> str:
        """The hours as stored and shown: "09:00-17:00"."""
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"


def parse_days(text: str) -> frozenset[int]:
    """ "mon-fri", "mon,wed,fri" or "mon-thu,sat" as weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, _, last = part.partition("-")
        start, end = _day(first), _day(last or first)
        if end < start:
            raise BadHours(f"{part!r}: the first day must come before the last (mon-fri)")
        days.update(range(start, end + 1))
    return frozenset(days)


def _day(word: str) -> int:
    key = word.strip()[:3]
    if len(word.strip()) < 3 or key not in DAYS:
        raise BadHours(f"{word!r} is no weekday: use mon, tue, wed, thu, fri, sat or sun")
    return DAYS.index(key)


def parse_span(text: str) -> tuple[time, time]:
    """ "09:00-17:00" as opening and closing time; the day must not be empty."""
    try:
        opens, closes = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise BadHours(f"{text!r} is no span of hours: write it as 09:00-17:00") from None
    if closes <= opens:
        raise BadHours(f"{text!r}: the end must come after the start (09:00-17:00)")
    return opens, closes


def parse_zone(name: str) -> str:
    """An IANA time zone name such as Europe/Berlin, checked."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadHours(f"{name!r} is no time zone: use a name such as Europe/Berlin") from None
    return name


def working_hours(days: str, span: str, zone: str) -> WorkingHours:
    """Working hours from their three texts; BadHours names the part that is wrong."""
    opens, closes = parse_span(span)
    return WorkingHours(parse_days(days), opens, closes, parse_zone(zone))
