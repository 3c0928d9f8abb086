"""Rules and classifiers together: the classifier decides whether (and, for the categorical
fields, what) a message states; the rules supply what they read exactly (amounts,
currencies, periods, headcounts, dates). A fact the classifier does not vouch for is
dropped, which is what keeps negations, limits and past events out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.qualify.nlu.classify.heads import NULL
from bot.qualify.nlu.classify.model import Prediction
from bot.qualify.nlu.cues import ASKED
from bot.qualify.nlu.facts import Extraction, Fact

CATEGORICAL = ("authority", "role", "intent")
# The heads that decide a message's facts (the others answer for the dialog and are
# not needed here).
DECIDED = frozenset({*CATEGORICAL, "budget", "timeframe", "company_size"})
# Readings the rules keep even when the classifier doubts them: missing an opt-out costs
# more than reading one too many (the prospect is asked to confirm nothing either way).
KEPT_FROM_RULES = {"intent": frozenset({"stop"})}
# A rule reading that is more precise than the classifier's answer: "Can someone call me?"
# is a question, and above all a request for a person.
SHARPENED_BY_RULES = {("intent", "question"): frozenset({"human"})}
# What the rules' value must show for the classifier's label to keep it.
RULE_KIND = {"budget": "status", "timeframe": "bucket"}


@dataclass(frozen=True)
class Thresholds:
    """How sure a head must be to state a fact (per head; the rest use `default`)."""

    default: float = 0.5
    per_head: Mapping[str, float] | None = None
    # A categorical answer the rules did not read too must be surer: it stands alone.
    alone: float = 0.75

    def of(self, head: str) -> float:
        """The threshold of one head."""
        return (self.per_head or {}).get(head, self.default)


def decide(
    rules: Extraction, predictions: Mapping[str, Prediction], text: str, thresholds: Thresholds
) -> Extraction:
    """The facts of a message: the rules' readings the classifiers confirm, and the
    classifiers' own categorical answers."""
    decided = Extraction()
    for field, prediction in predictions.items():
        if prediction.label == NULL or prediction.confidence < thresholds.of(field):
            continue
        fact = _fact(field, prediction, rules.facts.get(field), text, thresholds.alone)
        if fact is not None:
            decided.facts[field] = fact
    for field, values in KEPT_FROM_RULES.items():
        rule = rules.facts.get(field)
        if rule is not None and rule.value in values:
            decided.facts[field] = rule
    rule = rules.facts.get("intent")
    if rule is not None and rule.confidence >= ASKED and decided.value("intent") != "stop":
        # A person asked for in so many words stands, however long the message around it.
        decided.facts["intent"] = rule
    for (field, answer), sharper in SHARPENED_BY_RULES.items():
        rule = rules.facts.get(field)
        if rule is not None and rule.value in sharper and decided.value(field) == answer:
            decided.facts[field] = rule
    return decided


def _fact(
    field: str, prediction: Prediction, rule: Fact | None, text: str, alone: float
) -> Fact | None:
    label, confidence = prediction.label, prediction.confidence
    if field in CATEGORICAL:
        if rule is not None and rule.value == label:
            return Fact(
                field, label, max(confidence, rule.confidence), rule.start, rule.end, rule.quote
            )
        if confidence < alone:
            return None
        return Fact(field, label, confidence, 0, len(text), text.strip())
    if field == "company_size":
        return rule if rule is not None else None
    if field not in RULE_KIND:
        return None  # the dialog cues are not contract fields
    value = _status_value(field, label)
    if label in ("known", "dated"):
        return rule if rule is not None and _stated(field, rule.value) else None
    quote = rule.quote if rule is not None else text.strip()
    start, end = (rule.start, rule.end) if rule is not None else (0, len(text))
    return Fact(field, value, confidence, start, end, quote)


def _stated(field: str, value: Any) -> bool:
    """Whether the rules' reading states an amount or a date (not none or unknown)."""
    kind = value.get(RULE_KIND[field]) if isinstance(value, dict) else None
    return kind not in (None, "none", "unknown")


def _status_value(field: str, label: str) -> dict[str, Any]:
    if field == "budget":
        return {"status": label, "min": None, "max": None, "currency": None, "period": None}
    return {"bucket": label}
