"""When the prospect means to buy: time expressions resolved against an injected today."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.qualify.nlu import calendar as cal
from bot.qualify.nlu.lexicon import Lexicon, words

Resolver = Callable[[re.Match[str], date, "str | None"], "cal.Window | None"]


@dataclass(frozen=True)
class TimeReading:
    """A bucket, the day it stands for, and where in the text it was said."""

    bucket: str
    day: date | None
    start: int
    end: int
    confidence: float


# "in a few weeks", "in ein paar Monaten": a small number we take as three (a couple: two).
_VAGUE_COUNTS = {
    "few": 3.0,
    "a few": 3.0,
    "paar": 3.0,
    "ein paar": 3.0,
    "einigen": 3.0,
    "wenigen": 3.0,
    "couple of": 2.0,
    "a couple of": 2.0,
}


_WORDS = re.compile(r"[a-zäöüß]+")


def _expand(pattern: str) -> list[str]:
    """The words a simple pattern such as 'nächste[nmrs]?' stands for."""
    optional = re.fullmatch(r"([^\[\]\\()?*+|]+)\[([a-zäöüß]+)\]\?", pattern)
    if optional:
        stem, endings = optional.groups()
        return [stem, *(stem + ending for ending in endings)]
    return [re.sub(r"\\.|[\[\]()?*+|{}^$]", " ", pattern)]


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{pattern})" for pattern in sorted(patterns, key=len, reverse=True))


class TimeframeReader:
    """Finds the first future time expression in a message and buckets it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        time = lexicon.time
        self.units: dict[str, str] = {k.lower(): v for k, v in time["units"].items()}
        self.seasons: dict[str, str] = {k.lower(): v for k, v in time["seasons"].items()}
        self.holidays: dict[str, str] = {k.lower(): v for k, v in time["holidays"].items()}
        self.ordinals: dict[str, int] = {
            k.lower(): int(v) for k, v in time["ordinal_quarters"].items()
        }
        until = _alternation(time["until"])
        since = _alternation(time["from"])
        self.until_before = re.compile(rf"(?:{until})\s*$")
        # "vor März", "before March": done by the day before the window starts.
        before_words = _alternation(time.get("before") or ["(?!)"])
        self.before_before = re.compile(rf"\b(?:{before_words})\s*$")
        self.from_before = re.compile(rf"(?:{since})\s*$")
        mods = (
            f"(?P<early>{_alternation(time['early'])})|(?P<mid>{_alternation(time['mid'])})"
            f"|(?P<late>{_alternation(time['late'])})"
        )
        self.mod_before = re.compile(
            rf"\b(?:{mods})\s*(?:des\s+|der\s+|of\s+the\s+|of\s+this\s+|of\s+|the\s+|-)?\s*$"
        )
        unit = words(self.units)
        month = words(lexicon.months)
        season = words(self.seasons)
        nxt = _alternation(time["next"])
        after_next = _alternation(time["after_next"])
        this = _alternation(time["this"])
        quarter_word = _alternation(time["quarter_words"])
        ordinal = words(self.ordinals)
        week = _alternation(time["calendar_week"])
        year_words = _alternation(time["year_words"])
        holiday = words(self.holidays)
        weekday = words(lexicon.weekdays)
        number = r"\d+(?:[.,]\d+)?"
        vague = words(_VAGUE_COUNTS)
        self.patterns: list[tuple[re.Pattern[str] | str, Resolver]] = [
            (time["between_years"], self._between_years),
            (time["after_summer"], self._after_summer),
            (time["before_summer"], self._before_summer),
            (rf"\b(?P<holiday>{holiday})\b", self._holiday),
            (
                r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2,4})?",
                self._numeric_date,
            ),
            (
                rf"(?<!\d)(?P<day>\d{{1,2}})\.?\s+(?:{this})\s+(?:monats|month)\b",
                self._day_of_this_month,
            ),
            (
                rf"(?:\b(?:{quarter_word})\s?(?P<q>[1-4])\b|(?<!\d)(?P<q2>[1-4])\.\s*quartal"
                rf"|\b(?P<ord>{ordinal})\s+(?:{quarter_word}))"
                rf"(?:\s*(?:/|of)?\s*(?P<year>20\d\d))?",
                self._quarter,
            ),
            (rf"\b(?:{week})\s?(?P<week>\d{{1,2}})\b", self._calendar_week),
            (
                rf"(?:(?<!\d)(?P<day>\d{{1,2}})\.?\s*(?:of\s+)?)?\b(?P<month>{month})\b\.?"
                rf"(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:\s+(?P<year>20\d\d))?",
                self._month,
            ),
            (
                rf"(?:(?P<next>{nxt})\s+|(?P<this>{this})\s+)?\b(?P<season>{season})\b"
                rf"(?:\s+(?P<year>20\d\d))?(?!\s*\d)",
                self._season,
            ),
            (
                rf"\b(?:in|within|innerhalb(?:\s+von)?|binnen|give\s+it|for)\s+"
                rf"(?:(?:about|etwa|ungefähr|rund|roughly|approx\.?|ca\.?|circa|the\s+next"
                rf"|den\s+nächsten|der\s+nächsten|nächsten|only|nur|another)\s+)?"
                rf"(?:(?P<n>{number})(?:\s*(?:,|-|–|bis|to|or|oder)\s*(?P<n2>{number}))?"
                rf"|(?P<art>{vague}|a|an|one|another|einem|einen|ein|einer))\s*-?\s*"
                rf"(?P<unit>{unit})\b",
                self._offset,
            ),
            (
                rf"(?P<n>{number})(?:\s*(?:-|–|bis|to)\s*(?P<n2>{number}))?\s+(?P<unit>{unit})\s+"
                rf"(?:from\s+now|from\s+today|ab\s+jetzt|ab\s+heute|von\s+jetzt\s+an)",
                self._offset,
            ),
            (rf"\bthe\s+(?P<unit>{unit})\s+after\s+next\b", self._after_next_en),
            (
                rf"(?:(?P<after_next>{after_next})|(?P<next>{nxt})|(?P<this>{this}))\s+"
                rf"(?P<unit>{unit})\b",
                self._relative_unit,
            ),
            (
                r"\b(?:des|der|the|of\s+the|of\s+this|this|dieses)\s+"
                r"(?P<unit>jahres|year|monats|month|quartals|quarter)\b",
                self._this_unit_with_mod,
            ),
            (r"\b(?:jahresende|year[\s-]end|end\s+of\s+year|jahreswechsel)\b", self._year_end),
            (r"(?<![\d/])\b(?P<year>(?:19|20)\d\d)\b(?![\d]|[.,]\d)", self._year),
            (rf"\b(?P<weekday>{weekday})\b", self._weekday),
        ]
        self.compiled = [
            (
                pattern if isinstance(pattern, re.Pattern) else re.compile(pattern),
                resolve,
            )
            for pattern, resolve in self.patterns
        ]
        triggers = {*self.units, *self.seasons, *lexicon.months, *lexicon.weekdays}
        triggers |= {word for phrase in self.holidays for word in phrase.split()}
        triggers |= {word for phrase in self.ordinals for word in phrase.split()}
        for name in (
            "next",
            "after_next",
            "this",
            "quarter_words",
            "calendar_week",
            "year_words",
            "early",
            "mid",
            "late",
        ):
            triggers |= {w for p in time[name] for w in _expand(p) for w in w.split()}
        self._trigger_words = frozenset(w for w in triggers if w.isalpha() and len(w) > 1) | {
            "sommerferien",
            "summer",
            "sommer",
            "sommerpause",
            "jahren",
            "years",
            "year",
        }

        def words_of(*names: str) -> frozenset[str]:
            return frozenset(
                w for n in names for p in time[n] for w in " ".join(_expand(p)).split()
            )

        summer = frozenset({"sommerferien", "sommer", "summer", "sommerpause"})
        units = frozenset(self.units)
        # What each pattern needs to have a chance: (words, or a digit). A message runs
        # only the patterns it could match, instead of every pattern over every message.
        needs: dict[Resolver, tuple[frozenset[str], bool]] = {
            self._between_years: (frozenset({"jahren", "christmas"}), False),
            self._after_summer: (summer, False),
            self._before_summer: (summer, False),
            self._holiday: (frozenset(w for h in self.holidays for w in h.split()), False),
            self._numeric_date: (frozenset(), True),
            self._day_of_this_month: (frozenset(), True),
            self._quarter: (frozenset(self.ordinals) | words_of("quarter_words"), True),
            self._calendar_week: (frozenset(), True),
            self._month: (frozenset(lexicon.months), False),
            self._season: (frozenset(self.seasons), False),
            self._offset: (units, False),
            self._after_next_en: (units, False),
            self._relative_unit: (words_of("next", "after_next", "this"), False),
            self._this_unit_with_mod: (words_of("early", "mid", "late"), False),
            self._year_end: (frozenset({"jahresende", "jahreswechsel", "end", "year"}), False),
            self._year: (frozenset(), True),
            self._weekday: (frozenset(lexicon.weekdays), False),
        }
        self.gated = [(pattern, resolve, *needs[resolve]) for pattern, resolve in self.compiled]
        self.this_year = re.compile(
            rf"(?P<qual>noch|any\s+point|sometime|some\s+time|later|im\s+laufe|irgendwann"
            rf"|within)\s+(?:(?:in\s+)?(?:{this})\s+)(?:{year_words})\b"
        )

    def read(self, text: str, original: str, today: date) -> TimeReading | None:
        """The timeframe a message states, or None."""
        match = self.lexicon.time["immediate"].search(text)
        if match:
            return TimeReading("immediate", today, match.start(), match.end(), 0.9)
        has_digit = any(c.isdigit() for c in text)
        words = set(_WORDS.findall(text))
        if not has_digit and self._trigger_words.isdisjoint(words):
            return None
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, int, cal.Window]] = []
        for pattern, resolve, needed_words, digit in self.gated:
            if not (digit and has_digit) and needed_words.isdisjoint(words):
                continue
            for match in pattern.finditer(text):
                start, end = match.span()
                if end == start or any(s < end and start < e for s, e in taken):
                    continue
                if self._is_lowercase_may(match, original):
                    continue
                modifier = self.mod_before.search(text, max(0, start - 24), start)
                part = None
                if modifier is not None:
                    part = next(p for p in ("early", "mid", "late") if modifier.group(p))
                    start = modifier.start()
                window = resolve(match, today, part)
                if window is None:
                    continue
                taken.append((start, end))
                if window.end < today or self._in_the_past(text, start):
                    continue
                found.append((start, end, self._anchored(window, text, start, end)))
        match = self.this_year.search(text)
        if match and not any(s < match.end() and match.start() < e for s, e in taken):
            found.append((*match.span(), cal.Window(today, date(today.year, 12, 31))))
        if not found:
            return None
        start, end, window = min(found, key=lambda item: item[0])
        day = max(window.day(), today)
        days = (day - today).days
        touched = {
            cal.bucket_for((window.start - today).days),
            cal.bucket_for((window.end - today).days),
        }
        confidence = 0.9 if len(touched) == 1 else 0.7
        return TimeReading(cal.bucket_for(days), day, start, end, confidence)

    def _is_lowercase_may(self, match: re.Match[str], original: str) -> bool:
        month = match.groupdict().get("month")
        if self.lexicon.lang != "en" or not month or month.lower() != "may":
            return False
        position = match.start("month")
        return original[position : position + 3] != "May"

    def _in_the_past(self, text: str, start: int) -> bool:
        before = text[max(0, start - 14) : start]
        return self.lexicon.time["past_markers"].search(before) is not None

    def _anchored(self, window: cal.Window, text: str, start: int, end: int) -> cal.Window:
        before = text[max(0, start - 24) : start]
        after = text[end : end + 20].lower()
        # "nicht vor", "not before": a start, though "vor" and "before" alone mark an end.
        if self.from_before.search(before) or "at the earliest" in after:
            return cal.Window(window.start, window.end, "start")
        if self.until_before.search(before) or "at the latest" in after or "spätestens" in after:
            return cal.Window(window.start, window.end, "end")
        if self.before_before.search(before):
            last = window.start - timedelta(days=1)
            return cal.Window(last, last, "end")
        return window

    @staticmethod
    def _modified(window: cal.Window, part: str | None) -> cal.Window:
        return window.narrowed(part) if part else window

    def _between_years(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        christmas = cal.holiday(today, "christmas")
        return cal.Window(christmas + timedelta(days=3), christmas + timedelta(days=7))

    def _after_summer(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        summer = cal.season_window(today, "summer")
        first = summer.end + timedelta(days=1)
        return cal.Window(first, first + timedelta(days=14))

    def _before_summer(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        summer = cal.season_window(today, "summer")
        return cal.Window(today, max(today, summer.start + timedelta(days=30)))

    def _holiday(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        day = cal.holiday(today, self.holidays[match.group("holiday").lower()])
        before = match.string[max(0, match.start() - 30) : match.start()].lower()
        if re.search(r"(week (after|following)|woche nach)\W*(the\s+|den\s+|dem\s+)?$", before):
            day += timedelta(days=7)
        elif self.from_before.search(re.sub(r"\b(the|den|dem|der)\s*$", "", before).rstrip()):
            return cal.Window(day + timedelta(days=1), day + timedelta(days=7))
        else:
            bare = re.sub(r"\b(the|den|dem|der)\s*$", "", before).rstrip()
            if self.until_before.search(bare) or self.before_before.search(bare):
                day -= timedelta(days=1)
        return cal.Window(day, day)

    def _numeric_date(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        day, month = int(match.group("day")), int(match.group("month"))
        year = match.group("year")
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return self._date(today, day, month, int(year) if year else None)

    def _date(self, today: date, day: int, month: int, year: int | None) -> cal.Window | None:
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

    def _day_of_this_month(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        day = min(int(match.group("day")), cal.last_day(today.year, today.month).day)
        target = today.replace(day=day)
        return cal.Window(target, target)

    def _quarter(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        quarter = int(
            match.group("q") or match.group("q2") or self.ordinals[match.group("ord").lower()]
        )
        year = int(match.group("year")) if match.group("year") else None
        return self._modified(cal.quarter_window(today, quarter, year), part)

    def _calendar_week(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        week = int(match.group("week"))
        return cal.iso_week(today, week) if 1 <= week <= 53 else None

    def _month(self, match: re.Match[str], today: date, part: str | None) -> cal.Window | None:
        month = self.lexicon.months[match.group("month").lower()]
        year = int(match.group("year")) if match.group("year") else None
        day = match.group("day") or match.group("day2")
        if day:
            return self._date(today, int(day), month, year)
        return self._modified(cal.month_window(today, month, year), part)

    def _season(self, match: re.Match[str], today: date, part: str | None) -> cal.Window | None:
        clause = re.split(r"[,;.]", match.string[match.end() :], maxsplit=1)[0]
        if any(c.isdigit() for c in clause):
            return None  # "im Sommer 17, im Winter 11 Leute": a season that qualifies a count
        season = self.seasons[match.group("season").lower()]
        year = int(match.group("year")) if match.group("year") else None
        window = cal.season_window(today, season, year)
        if match.group("next") and window.start <= today:
            window = cal.season_window(today.replace(year=today.year + 1), season)
        return self._modified(window, part)

    def _offset(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        unit = self.units[match.group("unit").lower()]
        if match.group("n"):
            first = float(match.group("n").replace(",", "."))
            last = float(match.group("n2").replace(",", ".")) if match.group("n2") else first
        else:
            article = re.sub(r"\s+", " ", match.group("art").lower())
            first = last = _VAGUE_COUNTS.get(article, 1.0)
        return cal.Window(cal.add_units(today, first, unit), cal.add_units(today, last, unit))

    def _after_next_en(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        return self._unit_window(today, self.units[match.group("unit").lower()], 2)

    def _relative_unit(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        unit = self.units[match.group("unit").lower()]
        if match.group("this"):
            if unit == "year" and part is None:
                return None  # "this year's number": a time reference, not a plan
            offset = 0
        else:
            offset = 2 if match.group("after_next") else 1
        window = self._unit_window(today, unit, offset)
        return self._modified(window, part) if window else None

    def _unit_window(self, today: date, unit: str, offset: int) -> cal.Window | None:
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

    def _this_unit_with_mod(
        self, match: re.Match[str], today: date, part: str | None
    ) -> cal.Window | None:
        if part is None:
            return None
        unit = self.units.get(match.group("unit").lower(), "month")
        window = self._unit_window(today, unit, 0)
        return self._modified(window, part) if window else None

    def _year_end(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        end = date(today.year, 12, 31)
        return cal.Window(end, end)

    def _year(self, match: re.Match[str], today: date, part: str | None) -> cal.Window | None:
        year = int(match.group("year"))
        if year < today.year or year > today.year + 30:
            return None
        return self._modified(cal.year_window(today, year), part)

    def _weekday(self, match: re.Match[str], today: date, part: str | None) -> cal.Window:
        weekday = self.lexicon.weekdays[match.group("weekday").lower()]
        ahead = (weekday - today.weekday()) % 7 or 7
        target = today + timedelta(days=ahead)
        return cal.Window(target, target)
