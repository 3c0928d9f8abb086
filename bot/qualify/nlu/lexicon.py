"""The word lists and patterns of content/nlu/, compiled once per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.content.errors import ContentError, ContentProblem
from bot.content.yaml_lines import KeyPath, line_of, load_yaml

DEFAULT_NLU_DIR = Path(__file__).resolve().parents[3] / "content" / "nlu"
LANGUAGES = ("de", "en")
_PATTERN_LISTS = (
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
)


def any_of(patterns: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex that matches any of `patterns`."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


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
    roles: list[tuple[str, re.Pattern[str]]]
    role_direct: list[tuple[str, re.Pattern[str]]]
    months: dict[str, int]
    weekdays: dict[str, int]
    time: dict[str, Any]

    def has(self, name: str, text: str) -> bool:
        """Whether the pattern list `name` matches somewhere in `text`."""
        return self.lists[name].search(text) is not None


def _compile(
    path: Path,
    lines: dict[KeyPath, int],
    key: KeyPath,
    patterns: Any,
    problems: list[ContentProblem],
) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        problems.append(ContentProblem(path, line_of(lines, key), "expected a list of patterns"))
        return re.compile(r"(?!)")
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append(
                ContentProblem(path, line_of(lines, (*key, index)), f"bad pattern: {error}")
            )
            return re.compile(r"(?!)")
    return any_of(patterns) if patterns else re.compile(r"(?!)")


def load_lexicon(lang: str, directory: Path = DEFAULT_NLU_DIR) -> Lexicon:
    """Read and check content/nlu/ for one language; ContentError lists every problem."""
    problems: list[ContentProblem] = []
    common, _ = load_yaml(directory / "common.yaml")
    numbers, _ = load_yaml(directory / "numbers.yaml")
    path = directory / f"{lang}.yaml"
    data, lines = load_yaml(path)
    for key in (*_PATTERN_LISTS, "periods", "authority", "intent", "roles", "months", "time"):
        if key not in data:
            problems.append(ContentProblem(path, 1, f"missing section {key!r}"))
    if problems:
        raise ContentError(problems)
    currencies = {
        spelling.lower(): code
        for code, spellings in common["currencies"].items()
        for spelling in spellings
    }
    multipliers = {
        word.lower(): float(factor)
        for factor, spellings in common["multipliers"].items()
        for word in spellings
    }
    lists = {name: _compile(path, lines, (name,), data[name], problems) for name in _PATTERN_LISTS}
    periods = {
        name: _compile(path, lines, ("periods", name), patterns, problems)
        for name, patterns in data["periods"].items()
    }
    authority = [
        (label, _compile(path, lines, ("authority", label), data["authority"][label], problems))
        for label in ("none", "unknown", "shared", "influencer", "decision_maker")
    ]
    intent = {
        name: _compile(path, lines, ("intent", name), data["intent"][name], problems)
        for name in ("stop", "human", "not_interested")
    }
    roles = _titles(path, lines, data["roles"], "roles", problems)
    role_direct = _titles(path, lines, data.get("role_direct", {}), "role_direct", problems)
    time = dict(data["time"])
    for name in ("immediate", "past_markers", "after_summer", "before_summer", "between_years"):
        time[name] = _compile(path, lines, ("time", name), time[name], problems)
    if problems:
        raise ContentError(problems)
    return Lexicon(
        lang=lang,
        numbers=numbers[lang],
        currencies=currencies,
        multipliers=multipliers,
        periods=periods,
        lists=lists,
        authority=authority,
        intent=intent,
        question_starts=frozenset(w.lower() for w in data["intent"]["question_starts"]),
        roles=roles,
        role_direct=role_direct,
        months={k.lower(): int(v) for k, v in data["months"].items()},
        weekdays={k.lower(): int(v) for k, v in data["weekdays"].items()},
        time=time,
    )


def _titles(
    path: Path,
    lines: dict[KeyPath, int],
    table: dict[str, list[str]],
    section: str,
    problems: list[ContentProblem],
) -> list[tuple[str, re.Pattern[str]]]:
    """Role titles; one written with capitals ("IT") must match with capitals."""
    compiled = []
    for label, patterns in table.items():
        for index, pattern in enumerate(patterns):
            # Capitals are kept: "IT" is the department, "it" the pronoun.
            exact = re.sub(r"[A-Z]{2,}", lambda m: f"(?-i:{m.group()})", pattern)
            try:
                compiled.append((label, re.compile(rf"\b(?:{exact})", re.IGNORECASE)))
            except re.error as error:
                problems.append(
                    ContentProblem(path, line_of(lines, (section, label, index)), f"{error}")
                )
    return compiled


@cache
def lexicon_for(lang: str) -> Lexicon:
    """The shipped lexicon of a language, loaded once per process."""
    return load_lexicon(lang if lang in LANGUAGES else "en")
