"""The schema of content/scoring.yaml: fit rules, engagement points with caps, the matrix,
the evidence a sales-ready lead needs, and the words of the "why" line."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.qualify.vocabulary import EventKind

Locale = Literal["en", "de"]
TEMPERATURES = ("cold", "warm", "hot")
GRADES = ("A", "B", "C", "D")
FitFact = Literal["budget", "authority", "timeframe", "company_size", "role", "need", "persona"]
EvidenceFact = Literal["need", "company_size", "role", "timeframe", "budget", "authority"]
Row = tuple[str, str, str, str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FitRule(Strict):
    id: str
    fact: FitFact
    points: int  # negative for a stated disqualifier ("it's private")
    # For status-like facts: the values that count. Budget: status; timeframe: bucket.
    status: list[str] | None = None
    amount_at_least: float | None = None
    size_between: tuple[int | None, int | None] | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    says: dict[Locale, str] | None = None  # the reason in words; {value} is the fact


class Fit(Strict):
    grades: dict[Literal["A", "B", "C"], int]
    rules: list[FitRule] = Field(default_factory=list)


class EventPoints(Strict):
    """What one kind of engagement event earns, how much of it counts, and its words."""

    points: float
    per_day: float | None = Field(default=None, ge=0)  # at most this much in 24 hours
    per_lead: float | None = Field(default=None, ge=0)  # at most this much ever
    says: dict[Locale, str] | None = None
    words: dict[Locale, list[str]] = Field(default_factory=dict)  # cues in a message


class Engagement(Strict):
    half_life_days: float = Field(gt=0)
    return_after_days: float = Field(default=3, gt=0)
    levels: tuple[float, float, float]
    # Keys are event kinds the bot emits: a typo would otherwise score 0 silently.
    events: dict[EventKind, EventPoints]

    @field_validator("events", mode="before")
    @classmethod
    def _bare_number_is_uncapped(cls, events: Any) -> Any:
        if not isinstance(events, dict):
            return events
        return {
            kind: {"points": value} if isinstance(value, int | float) else value
            for kind, value in events.items()
        }

    @field_validator("levels")
    @classmethod
    def _levels_rise(cls, levels: tuple[float, float, float]) -> tuple[float, float, float]:
        low, mid, high = levels
        if not low < mid < high:
            raise ValueError("engagement levels must rise")
        return levels

    def points(self, kind: str) -> EventPoints:
        """The entry for `kind`; a kind the file does not name earns nothing."""
        return self.events.get(EventKind(kind), EventPoints(points=0))


class Evidence(Strict):
    """Facts a sales-ready lead must have, besides its hot cell."""

    all_of: list[EvidenceFact] = Field(default_factory=list)
    one_of: list[EvidenceFact] = Field(default_factory=list)
    not_evidence: dict[EvidenceFact, list[str]] = Field(default_factory=dict)


class WhyWords(Strict):
    missing: str = Field(pattern=r"\{facts\}")
    customer: str


class Scoring(Strict):
    """content/scoring.yaml"""

    fit: Fit
    engagement: Engagement
    matrix: dict[Literal["A", "B", "C", "D"], Row]
    evidence: Evidence = Evidence()
    engagement_only: Row
    why: dict[Locale, WhyWords]

    @field_validator("matrix")
    @classmethod
    def _temperatures(cls, matrix: dict[str, Row]) -> dict[str, Row]:
        for grade, row in matrix.items():
            for cell in row:
                if cell not in TEMPERATURES:
                    raise ValueError(
                        f"row {grade}: temperature {cell!r} is not one of {TEMPERATURES}"
                    )
        if set(matrix) != set(GRADES):
            raise ValueError("matrix needs the rows A, B, C and D")
        return matrix

    @field_validator("engagement_only")
    @classmethod
    def _known_temperatures(cls, row: Row) -> Row:
        unknown = [cell for cell in row if cell not in TEMPERATURES]
        if unknown:
            raise ValueError(f"temperatures {unknown} are not among {TEMPERATURES}")
        return row

    @model_validator(mode="after")
    def _hot_is_reachable(self) -> Scoring:
        if not any("hot" in row for row in self.matrix.values()):
            raise ValueError("matrix: no cell is hot, so no lead could ever be sales-ready")
        return self

    def row(self, grade: str | None) -> Row:
        """The temperatures of a grade's row; engagement_only when there is no grade."""
        if grade is None:
            return self.engagement_only
        return {str(key): row for key, row in self.matrix.items()}[grade]
