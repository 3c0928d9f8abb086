"""Why a lead has its label, in words from scoring.yaml: "hot: decides alone, budget
40,000 EUR a year, wants to start within 3 months; asked for the price (2×)".

No rule ids and no numbers of points: what a rep or a marketer reads. The edge passes in
how a fact value and a fact's name read in its language (`bot/presentation/why_text.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.scoring_schema import Scoring
from bot.qualify.scoring import fit, has_evidence, missing_evidence

ValueText = Callable[[str, Any], str]  # (fact kind, value) -> words
NameText = Callable[[str], str]  # fact kind -> its name


@dataclass(frozen=True)
class LabelFacts:
    """What the "why" line is made of: the lead's label and what lies behind it."""

    temperature: str
    facts: Mapping[str, Any]  # current fact values by kind, persona included
    events: Mapping[str, int]  # how often each kind of event happened
    is_customer: bool = False
    skipped: Collection[str] = ()


def fit_reasons(
    scoring: Scoring, locale: str, facts: Mapping[str, Any], value: ValueText
) -> list[str]:
    """The fit rules that apply, each in its words, once each."""
    said: list[str] = []
    for rule in fit(scoring, dict(facts)).rules:
        template = (rule.says or {}).get(locale)  # type: ignore[call-overload]  # locale: str
        if template is None:
            continue
        text = template.replace("{value}", value(rule.fact, facts.get(rule.fact)))
        if text not in said:
            said.append(text)
    return said


def interest_reasons(scoring: Scoring, locale: str, events: Mapping[str, int]) -> list[str]:
    """The engagement signals that have words, with how often they happened."""
    said = []
    for kind, entry in scoring.engagement.events.items():
        count = events.get(kind, 0)
        text = (entry.says or {}).get(locale)  # type: ignore[call-overload]  # locale: str
        if count and text:
            said.append(text if count == 1 else f"{text} ({count}×)")
    return said


def why_line(
    scoring: Scoring, locale: str, lead: LabelFacts, value: ValueText, name: NameText
) -> str:
    """The label and its reasons in one line; what is still to learn for a hot lead."""
    words = scoring.why.get(locale) or next(iter(scoring.why.values()))  # type: ignore[call-overload]  # locale: str
    if lead.is_customer:
        return words.customer
    parts = [", ".join(fit_reasons(scoring, locale, lead.facts, value))]
    parts.append(", ".join(interest_reasons(scoring, locale, lead.events)))
    missing = missing_evidence(scoring, lead.facts, lead.skipped)
    if lead.temperature == "hot" and (missing or not has_evidence(scoring, lead.facts)):
        names = ", ".join(name(kind) for kind in missing) or "—"
        parts.append(words.missing.replace("{facts}", names))
    reasons = "; ".join(part for part in parts if part)
    return f"{lead.temperature}: {reasons}" if reasons else lead.temperature
