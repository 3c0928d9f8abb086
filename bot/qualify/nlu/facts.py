"""What extraction returns: facts with a confidence and the text they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELDS = ("budget", "authority", "timeframe", "company_size", "role", "intent")


@dataclass(frozen=True)
class Fact:
    """One understood fact: its value, how sure we are, and where it was said."""

    kind: str
    value: Any
    confidence: float
    start: int
    end: int
    quote: str


@dataclass
class Extraction:
    """Every fact found in one message, by field."""

    facts: dict[str, Fact] = field(default_factory=dict)

    def value(self, kind: str) -> Any:
        """The value of a field, or None when the message says nothing about it."""
        fact = self.facts.get(kind)
        return None if fact is None else fact.value

    def as_contract(self) -> dict[str, Any]:
        """The six fields of the `leadbot nlu` contract."""
        return {name: self.value(name) for name in FIELDS}
