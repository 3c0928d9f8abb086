"""The time expressions we read, as one table: pattern, resolver, and what a message needs
to contain for the pattern to have a chance (so most messages try few patterns).

Patterns are templates: `$name` stands for an alternation of the language's time words
(content/nlu/<lang>.yaml, section `time`), filled in once per lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from string import Template
from typing import Any

from bot.qualify.nlu import time_resolvers as r
from bot.qualify.nlu.lexicon import Lexicon, words

SUMMER = ("sommerferien", "sommer", "summer", "sommerpause")
TIME_WORD_LISTS = (
    "next",
    "after_next",
    "this",
    "quarter_words",
    "calendar_week",
    "year_words",
    "early",
    "mid",
    "late",
)


@dataclass(frozen=True)
class Row:
    """One kind of time expression. `pattern` is a template, or the name of a compiled
    pattern of the lexicon's time section; `needs` names word sets (see `word_sets`) or
    holds literal words; `digit` means a digit alone is enough."""

    resolve: r.Resolver
    pattern: str
    needs: tuple[str, ...] = ()
    digit: bool = False
    from_lexicon: bool = False


# In order: where two expressions overlap, the earlier row wins.
ROWS: tuple[Row, ...] = (
    Row(r.between_years, "between_years", ("jahren", "christmas"), from_lexicon=True),
    Row(r.after_summer, "after_summer", SUMMER, from_lexicon=True),
    Row(r.before_summer, "before_summer", SUMMER, from_lexicon=True),
    Row(r.holiday, r"\b(?P<holiday>$holiday)\b", ("@holidays",)),
    Row(
        r.numeric_date,
        r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2,4})?",
        digit=True,
    ),
    Row(
        r.day_of_this_month,
        r"(?<!\d)(?P<day>\d{1,2})\.?\s+(?:$this)\s+(?:monats|month)\b",
        digit=True,
    ),
    Row(
        r.quarter,
        r"(?:\b(?:$quarter_word)\s?(?P<q>[1-4])\b|(?<!\d)(?P<q2>[1-4])\.\s*quartal"
        r"|\b(?P<ord>$ordinal)\s+(?:$quarter_word))(?:\s*(?:/|of)?\s*(?P<year>20\d\d)|$next_year)?",
        ("@ordinals", "@quarter_words"),
        digit=True,
    ),
    Row(r.calendar_week, r"\b(?:$week)\s?(?P<week>\d{1,2})\b", digit=True),
    Row(
        r.month,
        r"(?:(?<!\d)(?P<day>\d{1,2})\.?\s*(?:of\s+)?)?\b(?P<month>$month)\b\.?"
        r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:\s+(?P<year>20\d\d)|$next_year)?",
        ("@months",),
    ),
    Row(
        r.season,
        r"(?:(?P<next>$next)\s+|(?P<this>$this)\s+)?\b(?P<season>$season)\b"
        r"(?:\s+(?P<year>20\d\d)|$next_year)?(?!\s*\d)",
        ("@seasons",),
    ),
    Row(
        r.offset,
        r"\b(?:in|within|innerhalb(?:\s+von)?|binnen|give\s+it|for)\s+"
        r"(?:(?:about|etwa|ungefähr|rund|roughly|approx\.?|ca\.?|circa|the\s+next"
        r"|den\s+nächsten|der\s+nächsten|nächsten|only|nur|another|spätestens|höchstens"
        r"|maximal|max\.?|at\s+most)\s+)?"
        r"(?:(?P<n>$number)(?:\s*(?:,|-|–|bis|to|or|oder)\s*(?P<n2>$number))?"
        r"|(?P<art>$vague|a|an|one|another|einem|einen|ein|einer))\s*-?\s*"
        r"(?P<unit>$unit)\b",
        ("@units",),
    ),
    Row(
        r.offset,
        r"(?P<n>$number)(?:\s*(?:-|–|bis|to)\s*(?P<n2>$number))?\s+(?P<unit>$unit)\s+"
        r"(?:from\s+now|from\s+today|ab\s+jetzt|ab\s+heute|von\s+jetzt\s+an)",
        ("@units",),
    ),
    Row(r.after_next_en, r"\bthe\s+(?P<unit>$unit)\s+after\s+next\b", ("@units",)),
    Row(
        r.relative_unit,
        r"(?:(?P<after_next>$after_next)|(?P<next>$next)|(?P<this>$this))\s+(?P<unit>$unit)\b",
        ("@next", "@after_next", "@this"),
    ),
    Row(
        r.this_unit_with_mod,
        r"\b(?:des|der|the|of\s+the|of\s+this|this|dieses)\s+"
        r"(?P<unit>jahres|year|monats|month|quartals|quarter)\b",
        ("@early", "@mid", "@late"),
    ),
    Row(
        r.year_end,
        r"\b(?:jahresende|year[\s-]end|end\s+of\s+year|jahreswechsel)\b",
        ("jahresende", "jahreswechsel", "end", "year"),
    ),
    Row(r.year, r"(?<![\d/])\b(?P<year>(?:19|20)\d\d)\b(?![\d]|[.,]\d)", digit=True),
    Row(r.weekday, r"\b(?P<weekday>$weekday)\b", ("@weekdays",)),
)


@dataclass(frozen=True)
class Gated:
    """A compiled row: tried only when the message has one of `words` (or a digit)."""

    pattern: re.Pattern[str]
    resolve: r.Resolver
    words: frozenset[str]
    digit: bool


def alternation(patterns: Iterable[str]) -> str:
    """A regex alternation of patterns, longest first."""
    return "|".join(f"(?:{pattern})" for pattern in sorted(patterns, key=len, reverse=True))


def expand(pattern: str) -> list[str]:
    """The words a simple pattern such as 'nächste[nmrs]?' stands for."""
    optional = re.fullmatch(r"([^\[\]\\()?*+|]+)\[([a-zäöüß]+)\]\?", pattern)
    if optional:
        stem, endings = optional.groups()
        return [stem, *(stem + ending for ending in endings)]
    return [re.sub(r"\\.|[\[\]()?*+|{}^$]", " ", pattern)]


def fragments(lexicon: Lexicon, w: r.TimeWords) -> dict[str, str]:
    """What each `$name` of a template stands for in this language."""
    time = lexicon.time
    return {
        "holiday": words(w.holidays),
        "this": alternation(time["this"]),
        "next": alternation(time["next"]),
        "after_next": alternation(time["after_next"]),
        "quarter_word": alternation(time["quarter_words"]),
        "ordinal": words(w.ordinals),
        "week": alternation(time["calendar_week"]),
        "month": words(w.months),
        "season": words(w.seasons),
        "unit": words(w.units),
        "weekday": words(w.weekdays),
        "vague": words(r.VAGUE_COUNTS),
        "number": r"\d+(?:[.,]\d+)?",
        # "Q3 next year", "im Juli nächsten Jahres": the year after today's
        "next_year": rf"\s+(?:of\s+)?(?P<next_year>(?:{alternation(time['next'])})\s+"
        rf"(?:{alternation(time['year_words'])}))\b",
    }


def word_sets(lexicon: Lexicon, w: r.TimeWords) -> dict[str, frozenset[str]]:
    """The words that name each `@set` in a row's needs."""
    time = lexicon.time
    sets = {
        f"@{name}": frozenset(word for p in time[name] for word in " ".join(expand(p)).split())
        for name in TIME_WORD_LISTS
    }
    sets.update(
        {
            "@holidays": _split(w.holidays),
            "@ordinals": frozenset(w.ordinals),
            "@months": frozenset(w.months),
            "@seasons": frozenset(w.seasons),
            "@units": frozenset(w.units),
            "@weekdays": frozenset(w.weekdays),
        }
    )
    return sets


def _split(phrases: Iterable[Any]) -> frozenset[str]:
    return frozenset(word for phrase in phrases for word in str(phrase).split())


def compile_rows(lexicon: Lexicon, w: r.TimeWords) -> list[Gated]:
    """Every row of the table, compiled for one language."""
    filled = fragments(lexicon, w)
    sets = word_sets(lexicon, w)
    compiled = []
    for row in ROWS:
        if row.from_lexicon:
            pattern: re.Pattern[str] = lexicon.time[row.pattern]
        else:
            pattern = re.compile(Template(row.pattern).substitute(filled))
        needed = frozenset(
            word for need in row.needs for word in sets.get(need, frozenset({need}))
        )
        compiled.append(Gated(pattern, row.resolve, needed, row.digit))
    return compiled


def trigger_words(lexicon: Lexicon, w: r.TimeWords) -> frozenset[str]:
    """Words without which a message (that has no digit) cannot state a time."""
    sets = word_sets(lexicon, w)
    every = frozenset().union(*sets.values(), _split(w.ordinals))
    return frozenset(word for word in every if word.isalpha() and len(word) > 1) | {
        *SUMMER,
        "jahren",
        "years",
        "year",
    }
