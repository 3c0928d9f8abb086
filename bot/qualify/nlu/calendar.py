"""Calendar arithmetic for time expressions: months, quarters, seasons, holidays, weeks."""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

BUCKETS = (("immediate", 30), ("quarter", 90), ("half_year", 180), ("year", 365))
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "winter": (12, 2)}


@dataclass(frozen=True)
class Window:
    """A stretch of days a prospect named; `anchor` says which day of it they meant."""

    start: date
    end: date
    anchor: str = "mid"  # "start" (from, not before), "end" (by, until) or "mid"

    def day(self) -> date:
        """The day that stands for the window."""
        if self.anchor == "start":
            return self.start
        if self.anchor == "end":
            return self.end
        return self.start + (self.end - self.start) / 2

    def narrowed(self, part: str) -> Window:
        """The early, middle or late third of the window."""
        length = (self.end - self.start).days
        if part == "early":
            return Window(
                self.start, self.start + timedelta(days=max(length // 4, 0)), self.anchor
            )
        if part == "mid":
            middle = self.start + timedelta(days=length // 2)
            half = timedelta(days=max(length // 8, 0))
            return Window(middle - half, middle + half, self.anchor)
        if part == "late":
            return Window(self.end - timedelta(days=max(length // 4, 0)), self.end, self.anchor)
        return self


def bucket_for(days: int) -> str:
    """The contract's bucket for a number of days from today."""
    for name, limit in BUCKETS:
        if days <= limit:
            return name
    return "later"


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, _calendar.monthrange(year, month)[1])


def month_window(today: date, month: int, year: int | None = None, *, skip: int = 0) -> Window:
    """The named month: this year's if it has not passed, else next year's."""
    if year is None:
        year = today.year if month >= today.month else today.year + 1
        year += skip
    return Window(date(year, month, 1), last_day(year, month))


def relative_month(today: date, offset: int) -> Window:
    """This month (0), next month (1), the month after next (2)."""
    first = today.replace(day=1) + relativedelta(months=offset)
    return Window(max(first, today), last_day(first.year, first.month))


def quarter_window(today: date, quarter: int, year: int | None = None) -> Window:
    """A calendar quarter; without a year the next one that has not ended."""
    if year is None:
        year = today.year
        if last_day(year, quarter * 3) < today:
            year += 1
    first_month = (quarter - 1) * 3 + 1
    return Window(date(year, first_month, 1), last_day(year, quarter * 3))


def next_quarter(today: date, offset: int = 1) -> Window:
    """The quarter after the current one."""
    current = (today.month - 1) // 3 + 1
    index = today.year * 4 + current - 1 + offset
    return quarter_window(today, index % 4 + 1, index // 4)


def year_window(today: date, year: int) -> Window:
    """A calendar year; the current one starts today."""
    return Window(max(date(year, 1, 1), today), date(year, 12, 31))


def season_window(today: date, season: str, year: int | None = None) -> Window:
    """Spring, summer, fall or winter: the next one that has not ended, or of `year`."""
    first, last = SEASONS[season]
    candidates = [today.year - 1, today.year, today.year + 1] if year is None else [year]
    for start_year in candidates:
        end_year = start_year + 1 if last < first else start_year
        window = Window(date(start_year, first, 1), last_day(end_year, last))
        if window.end >= today or year is not None:
            return Window(max(window.start, today), window.end)
    raise ValueError(season)


def iso_week(today: date, week: int) -> Window:
    """Calendar week `week`: this year's if it has not passed, else next year's."""
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if monday + timedelta(days=6) >= today:
            return Window(monday, monday + timedelta(days=6))
    raise ValueError(week)


def holiday(today: date, name: str) -> date:
    """The next occurrence of a holiday (today counts)."""
    for year in (today.year, today.year + 1):
        day = _holiday_in(year, name)
        if day >= today:
            return day
    return _holiday_in(today.year + 1, name)


def _holiday_in(year: int, name: str) -> date:
    if name == "christmas":
        return date(year, 12, 24)
    if name == "new_years_eve":
        return date(year, 12, 31)
    if name == "new_year":
        return date(year, 1, 1)
    if name == "easter":
        return easter(year)
    if name == "easter_monday":
        return easter(year) + timedelta(days=1)
    if name == "pentecost":
        return easter(year) + timedelta(days=49)
    if name == "pentecost_monday":
        return easter(year) + timedelta(days=50)
    if name == "july_4":
        return date(year, 7, 4)
    if name == "memorial_day":
        day = last_day(year, 5)
        return day - timedelta(days=day.weekday())
    if name == "thanksgiving":
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    raise ValueError(name)


def add_units(today: date, amount: float, unit: str) -> date:
    """`today` plus a number of days, weeks, months, quarters or years."""
    if unit == "day":
        return today + timedelta(days=round(amount))
    if unit == "week":
        return today + timedelta(days=round(amount * 7))
    if unit == "fortnight":
        return today + timedelta(days=round(amount * 14))
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * amount
    whole = int(months)
    result = today + relativedelta(months=whole)
    return result + timedelta(days=round((months - whole) * 30))
