"""The word lists and patterns of content/nlu/, compiled for one language.

The content system reads the files (bot/content/nlu.py) and hands each language's part
over as a plain, JSON-serialisable `LexiconSource`; the spaCy factories receive it as
config and compile it here. A `Locator` turns a key path into file and line, so every
problem an editor makes is reported where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.content.errors import ContentError, ContentProblem
from bot.content.yaml_lines import KeyPath, line_of
from bot.qualify.nlu.titles import TitleIndex

LANGUAGES = ("de", "en")
PATTERN_LISTS = (
    "people_nouns",
    "count_nouns",
    "budget_words",
    "revenue_words",
    "past_spend",
    "not_more_than_that",
    "signoff_words",
    "max_before",
    "min_before",
    "max_after",
    "min_after",
    "negation",
    "about",
    "budget_none",
    "budget_unknown",
    "unknown_topic_budget",
    "timeframe_none",
    "timeframe_unknown",
    "unknown_topic_timeframe",
    "role_self_before",
    "role_self_after",
    "role_other_before",
    "headcount_solo",
    "headcount_before",
    "decision_words",
    "limit_words",
    "retracted_before",
    "retracted_clause",
    "whole_company",
    "part_of_company",
    "request_words",
    "person_object",
)
REQUIRED_SECTIONS = (*PATTERN_LISTS, "periods", "authority", "intent", "roles", "months", "time")
AUTHORITY_ORDER = ("none", "unknown", "shared", "influencer", "decision_maker")
INTENTS = ("stop", "human", "not_interested")
TIME_PATTERNS = ("immediate", "past_markers", "after_summer", "before_summer", "between_years")

# One language's part of content/nlu/, as plain data: {"lang", "words" (de.yaml or
# en.yaml), "common" (common.yaml), "numbers" (its part of numbers.yaml),
# "foreign_periods" (the period words of the other languages)}.
LexiconSource = dict[str, Any]
NEVER = re.compile(r"(?!)")


@dataclass
class Locator:
    """Where a key of a language file stands, and the problems found so far."""

    path: Path
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def report(self, key: KeyPath, message: str) -> None:
        """Record a problem at the line of `key`."""
        self.problems.append(ContentProblem(self.path, line_of(self.lines, key), message))


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """One regex that matches any of `patterns` (written in lowercase)."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def words(items: Any) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(str(item)) for item in sorted(items, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the extractors use."""

    lang: str
    numbers: dict[str, Any]
    currencies: dict[str, str]
    multipliers: dict[str, float]
    periods: dict[str, re.Pattern[str]]
    lists: dict[str, re.Pattern[str]]
    authority: list[tuple[str, re.Pattern[str]]]
    intent: dict[str, re.Pattern[str]]
    question_starts: frozenset[str]
    bare_followers: frozenset[str]
    roles: TitleIndex
    role_direct: TitleIndex
    months: dict[str, int]
    weekdays: dict[str, int]
    time: dict[str, Any]

    def has(self, name: str, text: str) -> bool:
        """Whether the pattern list `name` matches somewhere in `text`."""
        return self.lists[name].search(text) is not None


def compile_patterns(patterns: Any, key: KeyPath, where: Locator) -> re.Pattern[str]:
    """One regex for a list of patterns; a bad list is reported and never matches."""
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        where.report(key, "expected a list of patterns")
        return NEVER
    if not patterns:
        return NEVER
    try:
        return any_of(patterns)
    except re.error:
        pass  # find the pattern at fault only when the whole list fails: compiling is slow
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as error:
            where.report((*key, index), f"bad pattern: {error}")
            break
    return NEVER


def compile_lexicon(source: LexiconSource, where: Locator | None = None) -> Lexicon:
    """The Lexicon for one language; ContentError lists every problem with its line."""
    lang = str(source["lang"])
    where = where or Locator(Path("nlu") / f"{lang}.yaml")
    data: dict[str, Any] = source["words"]
    for key in REQUIRED_SECTIONS:
        if key not in data:
            where.report((), f"missing section {key!r}")
    if where.problems:
        raise ContentError(where.problems)
    lexicon = Lexicon(
        lang=lang,
        numbers=dict(source["numbers"]),
        **_common(source["common"]),
        **_patterns(data, source.get("foreign_periods", {}), where),
        question_starts=frozenset(w.lower() for w in data["intent"]["question_starts"]),
        bare_followers=frozenset(w.lower() for w in data.get("bare_amount_followers", [])),
        roles=_titles(data["roles"], "roles", where),
        role_direct=_titles(data.get("role_direct", {}), "role_direct", where),
        months={str(k).lower(): int(v) for k, v in data["months"].items()},
        weekdays={str(k).lower(): int(v) for k, v in data["weekdays"].items()},
        time=_time(data["time"], where),
    )
    if where.problems:
        raise ContentError(where.problems)
    return lexicon


def _common(common: dict[str, Any]) -> dict[str, Any]:
    """Currency spellings and scale words, shared by every language."""
    return {
        "currencies": {
            str(spelling).lower(): code
            for code, spellings in common["currencies"].items()
            for spelling in spellings
        },
        "multipliers": {
            str(word).lower(): float(factor)
            for factor, spellings in common["multipliers"].items()
            for word in spellings
        },
    }


_ICH = re.compile(r"(?:(?<=\\b)|(?<![A-Za-zäöüß\\]))ich(?![A-Za-zäöüß])")


def with_first_person(patterns: Any, variants: list[str]) -> Any:
    """Patterns written with the standard first person ("ich") also read its spoken forms
    ("i", "ick", "isch"), listed once in the lexicon instead of in every pattern."""
    if not variants or not isinstance(patterns, list):
        return patterns
    spoken = "(?:ich|" + "|".join(re.escape(v) for v in variants) + ")"
    return [_ICH.sub(spoken, p) if isinstance(p, str) else p for p in patterns]


def _patterns(
    data: dict[str, Any], foreign_periods: dict[str, list[str]], where: Locator
) -> dict[str, Any]:
    """The pattern lists, periods, authority cues and intents of one language."""
    spoken = [str(v) for v in data.get("first_person", [])]
    # Prospects mix languages ("Budget is 20k Euro pro Jahr"): period words of every
    # language count, since none of them means something else in the other.
    periods = {name: list(patterns) for name, patterns in data["periods"].items()}
    for name, patterns in foreign_periods.items():
        periods.setdefault(name, []).extend(patterns)
    return {
        "lists": {
            name: compile_patterns(with_first_person(data[name], spoken), (name,), where)
            for name in PATTERN_LISTS
        },
        "periods": {
            name: compile_patterns(patterns, ("periods", name), where)
            for name, patterns in periods.items()
        },
        "authority": [
            (
                label,
                compile_patterns(
                    with_first_person(data["authority"][label], spoken),
                    ("authority", label),
                    where,
                ),
            )
            for label in AUTHORITY_ORDER
        ],
        "intent": {
            name: compile_patterns(data["intent"][name], ("intent", name), where)
            for name in INTENTS
        },
    }


def _time(table: dict[str, Any], where: Locator) -> dict[str, Any]:
    """The time section, with its pattern lists compiled."""
    time = dict(table)
    for name in TIME_PATTERNS:
        time[name] = compile_patterns(time[name], ("time", name), where)
    return time


def _titles(table: dict[str, list[str]], section: str, where: Locator) -> TitleIndex:
    """Role titles, indexed for fast lookup; see TitleIndex."""
    index = TitleIndex()
    for label, patterns in table.items():
        for number, pattern in enumerate(patterns):
            try:
                index.add(label, pattern)
            except re.error as error:
                where.report((section, label, number), f"{error}")
    return index
