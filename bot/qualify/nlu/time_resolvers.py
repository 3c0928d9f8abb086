"""Resolvers: from a matched time expression to the window of days it stands for.

Each resolver takes the match, the injected today, the part of the window said before it
("early", "mid", "late" or None) and the language's time words, and returns a window or
None when the match is not a time after all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.qualify.nlu import calendar as cal

# "in a few weeks", "in ein paar Monaten": a small number we take as three (a couple: two).
VAGUE_COUNTS = {
    "few": 3.0,
    "a few": 3.0,
    "paar": 3.0,
    "ein paar": 3.0,
    "einigen": 3.0,
    "wenigen": 3.0,
    "couple of": 2.0,
    "a couple of": 2.0,
}


@dataclass(frozen=True)
class TimeWords:
    """A language's time words as lookups, and the cues that anchor a window's start or end."""

    units: dict[str, str]
    seasons: dict[str, str]
    holidays: dict[str, str]
    ordinals: dict[str, int]
    months: dict[str, int]
    weekdays: dict[str, int]
    from_before: re.Pattern[str]  # "ab", "from", "not before": the window starts there
    until_before: re.Pattern[str]  # "bis", "by": done by the window's end
    before_before: re.Pattern[str]  # "vor", "before": done by the day before it starts


Resolver = Callable[[re.Match[str], date, "str | None", TimeWords], "cal.Window | None"]


def modified(window: cal.Window, part: str | None) -> cal.Window:
    """The early, mid or late part of a window, when one was said."""
    return window.narrowed(part) if part else window


def between_years(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    christmas = cal.holiday(today, "christmas")
    return cal.Window(christmas + timedelta(days=3), christmas + timedelta(days=7))


def after_summer(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    summer = cal.season_window(today, "summer")
    first = summer.end + timedelta(days=1)
    return cal.Window(first, first + timedelta(days=14))


def before_summer(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    summer = cal.season_window(today, "summer")
    return cal.Window(today, max(today, summer.start + timedelta(days=30)))


def holiday(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    day = cal.holiday(today, w.holidays[match.group("holiday").lower()])
    before = match.string[max(0, match.start() - 30) : match.start()].lower()
    if re.search(r"(week (after|following)|woche nach)\W*(the\s+|den\s+|dem\s+)?$", before):
        day += timedelta(days=7)
    elif w.from_before.search(re.sub(r"\b(the|den|dem|der)\s*$", "", before).rstrip()):
        return cal.Window(day + timedelta(days=1), day + timedelta(days=7))
    else:
        bare = re.sub(r"\b(the|den|dem|der)\s*$", "", before).rstrip()
        if w.until_before.search(bare) or w.before_before.search(bare):
            day -= timedelta(days=1)
    return cal.Window(day, day)


def numeric_date(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    day, month = int(match.group("day")), int(match.group("month"))
    year = match.group("year")
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return on_date(today, day, month, int(year) if year else None)


def on_date(today: date, day: int, month: int, year: int | None) -> cal.Window | None:
    if year is not None and year < 100:
        year += 2000
    if year is None:
        year = today.year
        if (month, day) < (today.month, today.day):
            year += 1
    try:
        target = date(year, month, day)
    except ValueError:
        return None
    return cal.Window(target, target)


def day_of_this_month(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    day = min(int(match.group("day")), cal.last_day(today.year, today.month).day)
    target = today.replace(day=day)
    return cal.Window(target, target)


def stated_year(match: re.Match[str], today: date) -> int | None:
    """The year written after a quarter, month or season: "2027", or "next year"."""
    if match.group("year"):
        return int(match.group("year"))
    return today.year + 1 if match.group("next_year") else None


def quarter(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    quarter = int(match.group("q") or match.group("q2") or w.ordinals[match.group("ord").lower()])
    return modified(cal.quarter_window(today, quarter, stated_year(match, today)), part)


def calendar_week(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    week = int(match.group("week"))
    return cal.iso_week(today, week) if 1 <= week <= 53 else None


def month(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window | None:
    month = w.months[match.group("month").lower()]
    year = stated_year(match, today)
    day = match.group("day") or match.group("day2")
    if day:
        return on_date(today, int(day), month, year)
    return modified(cal.month_window(today, month, year), part)


def season(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window | None:
    clause = re.split(r"[,;.]", match.string[match.end() :], maxsplit=1)[0]
    if any(c.isdigit() for c in clause):
        return None  # "im Sommer 17, im Winter 11 Leute": a season that qualifies a count
    season = w.seasons[match.group("season").lower()]
    year = stated_year(match, today)
    window = cal.season_window(today, season, year)
    if match.group("next") and window.start <= today:
        window = cal.season_window(today.replace(year=today.year + 1), season)
    return modified(window, part)


def offset(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    unit = w.units[match.group("unit").lower()]
    if match.group("n"):
        first = float(match.group("n").replace(",", "."))
        last = float(match.group("n2").replace(",", ".")) if match.group("n2") else first
    else:
        article = re.sub(r"\s+", " ", match.group("art").lower())
        first = last = VAGUE_COUNTS.get(article, 1.0)
    return cal.Window(cal.add_units(today, first, unit), cal.add_units(today, last, unit))


def after_next_en(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    return unit_window(today, w.units[match.group("unit").lower()], 2)


def relative_unit(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    unit = w.units[match.group("unit").lower()]
    if match.group("this"):
        if unit == "year" and part is None:
            return None  # "this year's number": a time reference, not a plan
        offset = 0
    else:
        offset = 2 if match.group("after_next") else 1
    window = unit_window(today, unit, offset)
    return modified(window, part) if window else None


def unit_window(today: date, unit: str, offset: int) -> cal.Window | None:
    if unit == "fortnight":
        first = today + timedelta(weeks=2 * offset) if offset else today
        return cal.Window(first, first + timedelta(days=13))
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return cal.Window(max(monday, today), monday + timedelta(days=6))
    if unit == "month":
        return cal.relative_month(today, offset)
    if unit == "quarter":
        return cal.next_quarter(today, offset)
    if unit == "year":
        return cal.year_window(today, today.year + offset)
    return None


def this_unit_with_mod(
    match: re.Match[str], today: date, part: str | None, w: TimeWords
) -> cal.Window | None:
    if part is None:
        return None
    unit = w.units.get(match.group("unit").lower(), "month")
    window = unit_window(today, unit, 0)
    return modified(window, part) if window else None


def year_end(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    end = date(today.year, 12, 31)
    return cal.Window(end, end)


def year(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window | None:
    year = int(match.group("year"))
    if year < today.year or year > today.year + 30:
        return None
    return modified(cal.year_window(today, year), part)


def weekday(match: re.Match[str], today: date, part: str | None, w: TimeWords) -> cal.Window:
    weekday = w.weekdays[match.group("weekday").lower()]
    ahead = (weekday - today.weekday()) % 7 or 7
    target = today + timedelta(days=ahead)
    return cal.Window(target, target)
