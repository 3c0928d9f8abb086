"""Deadlines in business hours: 15 minutes at 17:55 on a Friday end on Monday morning."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def business_deadline(
    start: datetime, minutes: int, *, hours: str, days: str, zone: str
) -> datetime:
    """`start` plus `minutes` counted only inside business hours on business days."""
    opening, closing = (time.fromisoformat(part) for part in hours.split("-"))
    open_days = {DAYS.index(day.strip()[:3].lower()) for day in days.split(",") if day.strip()}
    tz = ZoneInfo(zone)
    cursor = start.astimezone(tz)
    left = timedelta(minutes=minutes)
    for _ in range(400):  # a year and more of days: enough for any configuration
        day_open = datetime.combine(cursor.date(), opening, tzinfo=tz)
        day_close = datetime.combine(cursor.date(), closing, tzinfo=tz)
        if cursor.weekday() in open_days and cursor < day_close:
            cursor = max(cursor, day_open)
            if cursor + left <= day_close:
                return (cursor + left).astimezone(start.tzinfo)
            left -= day_close - cursor
        cursor = datetime.combine(cursor.date() + timedelta(days=1), opening, tzinfo=tz)
    raise ValueError("no business hours configured")
