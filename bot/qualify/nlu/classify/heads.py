"""The questions the classifiers answer ("heads"), and each head's answer for a labelled
line of `corpus/nlu/` (the contract's gold fields plus `extra`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

NULL = "null"
TOPICS = ("ticketing", "field_service", "self_service", "reporting", "integrations")


@dataclass(frozen=True)
class Head:
    """One classifier: its name, its labels (NULL first), and how to read a corpus line."""

    name: str
    labels: tuple[str, ...]
    gold: Callable[[Mapping[str, Any]], str]


def _field(name: str) -> Callable[[Mapping[str, Any]], str]:
    def read(line: Mapping[str, Any]) -> str:
        value = line["gold"][name]
        return NULL if value is None else str(value)

    return read


def _budget(line: Mapping[str, Any]) -> str:
    budget = line["gold"]["budget"]
    return NULL if budget is None else str(budget["status"])


def _timeframe(line: Mapping[str, Any]) -> str:
    timeframe = line["gold"]["timeframe"]
    if timeframe is None:
        return NULL
    buckets = set(timeframe["buckets"])
    return next(iter(buckets)) if buckets in ({"none"}, {"unknown"}) else "dated"


def _size(line: Mapping[str, Any]) -> str:
    return NULL if line["gold"]["company_size"] is None else "stated"


def _extra(name: str) -> Callable[[Mapping[str, Any]], str]:
    def read(line: Mapping[str, Any]) -> str:
        value = line.get("extra", {}).get(name)
        if value is None or value is False:
            return NULL
        return "yes" if value is True else str(value)

    return read


def _customer(line: Mapping[str, Any]) -> str:
    value = line.get("extra", {}).get("customer")
    return NULL if value is None else ("yes" if value else "no")


def _topic(topic: str) -> Callable[[Mapping[str, Any]], str]:
    def read(line: Mapping[str, Any]) -> str:
        return "yes" if topic in (line.get("extra", {}).get("need_topics") or []) else NULL

    return read


HEADS: tuple[Head, ...] = (
    Head(
        "authority",
        (NULL, "decision_maker", "shared", "influencer", "none", "unknown"),
        _field("authority"),
    ),
    Head(
        "role",
        (NULL, "executive", "it", "marketing", "sales", "finance", "operations", "hr", "other"),
        _field("role"),
    ),
    Head("intent", (NULL, "human", "stop", "not_interested", "question"), _field("intent")),
    Head("budget", (NULL, "known", "none", "unknown"), _budget),
    Head("timeframe", (NULL, "dated", "none", "unknown"), _timeframe),
    Head("company_size", (NULL, "stated"), _size),
    Head("customer", (NULL, "yes", "no"), _customer),
    Head("language_request", (NULL, "de", "en"), _extra("language_request")),
    Head("erase", (NULL, "yes"), _extra("erase")),
    Head("correction", (NULL, "yes"), _extra("correction")),
    *(Head(f"topic_{topic}", (NULL, "yes"), _topic(topic)) for topic in TOPICS),
)
