"""When the prospect means to buy: time expressions resolved against an injected today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.qualify.nlu import calendar as cal
from bot.qualify.nlu.lexicon import Lexicon
from bot.qualify.nlu.stated import retracted
from bot.qualify.nlu.time_patterns import alternation, compile_rows, trigger_words
from bot.qualify.nlu.time_resolvers import TimeWords


@dataclass(frozen=True)
class TimeReading:
    """A bucket, the day it stands for, and where in the text it was said."""

    bucket: str
    day: date | None
    start: int
    end: int
    confidence: float


_WORDS = re.compile(r"[a-zäöüß]+")
_QUESTION_END = re.compile(r"[.!?\n]")


def time_words(lexicon: Lexicon) -> TimeWords:
    """The lookups and anchoring cues of a language's time section."""
    time = lexicon.time
    lowered = {
        name: {str(k).lower(): v for k, v in time[name].items()}
        for name in ("units", "seasons", "holidays", "ordinal_quarters")
    }
    before = alternation(time.get("before") or ["(?!)"])
    return TimeWords(
        units=lowered["units"],
        seasons=lowered["seasons"],
        holidays=lowered["holidays"],
        ordinals={k: int(v) for k, v in lowered["ordinal_quarters"].items()},
        months=lexicon.months,
        weekdays=lexicon.weekdays,
        from_before=re.compile(rf"(?:{alternation(time['from'])})\s*$"),
        until_before=re.compile(rf"(?:{alternation(time['until'])})\s*$"),
        # "vor März", "before March": done by the day before the window starts.
        before_before=re.compile(rf"\b(?:{before})\s*$"),
    )


class TimeframeReader:
    """Finds the first future time expression in a message and buckets it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        time = lexicon.time
        self.words = time_words(lexicon)
        self.gated = compile_rows(lexicon, self.words)
        self._trigger_words = trigger_words(lexicon, self.words)
        mods = (
            f"(?P<early>{alternation(time['early'])})|(?P<mid>{alternation(time['mid'])})"
            f"|(?P<late>{alternation(time['late'])})"
        )
        self.mod_before = re.compile(
            rf"\b(?:{mods})\s*(?:des\s+|der\s+|of\s+the\s+|of\s+this\s+|of\s+|the\s+|-)?\s*$"
        )
        self.this_year = re.compile(
            rf"(?P<qual>noch|any\s+point|sometime|some\s+time|later|im\s+laufe|irgendwann"
            rf"|within)\s+(?:(?:in\s+)?(?:{alternation(time['this'])})\s+)"
            rf"(?:{alternation(time['year_words'])})\b"
        )

    def read(self, text: str, original: str, today: date) -> TimeReading | None:
        """The timeframe a message states, or None."""
        found: list[tuple[int, int, cal.Window | None]] = [
            (*match.span(), None) for match in self.lexicon.time["immediate"].finditer(text)
        ]
        has_digit = any(c.isdigit() for c in text)
        words = set(_WORDS.findall(text))
        if has_digit or not self._trigger_words.isdisjoint(words):
            found.extend(self._windows(text, original, today, has_digit, words))
        if not found:
            return None
        # The time the writer stands by: not one taken back or asked about;
        # of equals, an urgent one, else the first.
        start, end, window = min(
            found, key=lambda item: (self._doubt(text, *item[:2]), item[2] is not None, item[0])
        )
        if window is None:
            return TimeReading("immediate", today, start, end, 0.9)
        day = max(window.day(), today)
        touched = {
            cal.bucket_for((window.start - today).days),
            cal.bucket_for((window.end - today).days),
        }
        confidence = 0.9 if len(touched) == 1 else 0.7
        return TimeReading(cal.bucket_for((day - today).days), day, start, end, confidence)

    def _windows(
        self, text: str, original: str, today: date, has_digit: bool, words: set[str]
    ) -> list[tuple[int, int, cal.Window]]:
        """Every future window the message names, with where it was said."""
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, int, cal.Window]] = []
        for row in self.gated:
            if not (row.digit and has_digit) and row.words.isdisjoint(words):
                continue
            for match in row.pattern.finditer(text):
                start, end = match.span()
                if end == start or any(s < end and start < e for s, e in taken):
                    continue
                if self._is_lowercase_may(match, original):
                    continue
                start, part = self._modifier(text, start)
                window = row.resolve(match, today, part, self.words)
                if window is None:
                    continue
                taken.append((start, end))
                if window.end >= today and not self._in_the_past(text, start):
                    found.append((start, end, self._anchored(window, text, start, end)))
        this_year = self.this_year.search(text)
        if this_year and not any(s < this_year.end() and this_year.start() < e for s, e in taken):
            found.append((*this_year.span(), cal.Window(today, date(today.year, 12, 31))))
        return found

    def _doubt(self, text: str, start: int, end: int) -> int:
        """2 for a time taken back ("nicht März, ich meinte Mai"), 1 for one in a question."""
        if retracted(self.lexicon, text, start, end):
            return 2
        question = _QUESTION_END.search(text, end)
        return int(question is not None and question.group() == "?")

    def _modifier(self, text: str, start: int) -> tuple[int, str | None]:
        """'early', 'mid' or 'late' said just before an expression, and where it starts."""
        modifier = self.mod_before.search(text, max(0, start - 24), start)
        if modifier is None:
            return start, None
        part = next(p for p in ("early", "mid", "late") if modifier.group(p))
        return modifier.start(), part

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
        if self.words.from_before.search(before) or "at the earliest" in after:
            return cal.Window(window.start, window.end, "start")
        if (
            self.words.until_before.search(before)
            or "at the latest" in after
            or "spätestens" in after
        ):
            return cal.Window(window.start, window.end, "end")
        if self.words.before_before.search(before):
            last = window.start - timedelta(days=1)
            return cal.Window(last, last, "end")
        return window
