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
    if not patterns:
        return re.compile(r"(?!)")
    try:
        return any_of(patterns)
    except re.error:
        pass  # find the pattern at fault only when the whole list fails: compiling is slow
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append(
                ContentProblem(path, line_of(lines, (*key, index)), f"bad pattern: {error}")
            )
            break
    return re.compile(r"(?!)")


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
    # Prospects mix languages ("Budget is 20k Euro pro Jahr"): period words of every
    # language count, since none of them means something else in the other.
    period_patterns: dict[str, list[str]] = {name: list(p) for name, p in data["periods"].items()}
    for other in LANGUAGES:
        if other != lang and (directory / f"{other}.yaml").exists():
            other_data, _ = load_yaml(directory / f"{other}.yaml")
            for name, patterns in (other_data or {}).get("periods", {}).items():
                period_patterns.setdefault(name, []).extend(patterns)
    periods = {
        name: _compile(path, lines, ("periods", name), patterns, problems)
        for name, patterns in period_patterns.items()
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
        bare_followers=frozenset(w.lower() for w in data.get("bare_amount_followers", [])),
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
) -> TitleIndex:
    """Role titles, indexed for fast lookup; see TitleIndex."""
    index = TitleIndex()
    for label, patterns in table.items():
        for number, pattern in enumerate(patterns):
            try:
                index.add(label, pattern)
            except re.error as error:
                problems.append(
                    ContentProblem(path, line_of(lines, (section, label, number)), f"{error}")
                )
    return index


_LITERAL = re.compile(r"[a-zäöüß0-9'&-]+")
_WORD_START = re.compile(r"\b\w")


class TitleIndex:
    """Title patterns keyed by their first two letters, tried only at word starts that fit.

    Matching runs on lowercased text; a title written with capitals ("IT": the department,
    not the pronoun) only counts where the original text has capitals too.
    """

    def __init__(self) -> None:
        self._by_prefix: dict[str, list[tuple[str, re.Pattern[str], bool]]] = {}
        self._anywhere: list[tuple[str, re.Pattern[str], bool]] = []

    def add(self, label: str, pattern: str) -> None:
        """Index one title pattern for a role."""
        lowered = pattern.lower()
        entry = (label, re.compile(rf"(?:{lowered})"), lowered != pattern)
        literal = _LITERAL.match(lowered)
        if (
            literal
            and len(literal.group()) >= 2
            and lowered[len(literal.group()) :][:1] not in ("?", "*", "{")
        ):
            self._by_prefix.setdefault(literal.group()[:2], []).append(entry)
        else:
            self._anywhere.append(entry)

    def finditer(self, text: str, cased: str) -> list[tuple[int, int, str]]:
        """(start, end, role) of every title at a word start, longest first per start."""
        found = []
        for word in _WORD_START.finditer(text):
            start = word.start()
            candidates = self._by_prefix.get(text[start : start + 2], [])
            best: tuple[int, int, str] | None = None
            for label, pattern, needs_capitals in (*candidates, *self._anywhere):
                match = pattern.match(text, start)
                if match is None or (needs_capitals and cased[start : match.end()].islower()):
                    continue
                if best is None or match.end() > best[1]:
                    best = (start, match.end(), label)
            if best:
                found.append(best)
        return found


def lower_keeping_offsets(text: str) -> str:
    """Lowercase text; characters whose lowercase is longer stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@cache
def lexicon_for(lang: str) -> Lexicon:
    """The shipped lexicon of a language, loaded once per process."""
    return load_lexicon(lang if lang in LANGUAGES else "en")
