"""Schemas of the content files that drive qualification, checked with file:line errors."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from bot.content.errors import ContentError, ContentProblem

# The scoring schema lives in scoring_schema.py; its names stay importable from here.
from bot.content.scoring_schema import FitRule as FitRule
from bot.content.scoring_schema import Scoring as Scoring
from bot.content.yaml_lines import line_of, load_yaml

Locale = Literal["en", "de"]
SLOTS = ("customer", "need", "company_size", "role", "timeframe", "budget", "authority")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    key: str = Field(pattern=r"^[a-z0-9_]{1,20}$")
    value: Any


class Qualification(Strict):
    """content/qualification.yaml"""

    order: list[
        Literal["customer", "need", "company_size", "role", "timeframe", "budget", "authority"]
    ]
    confirm_below: float = Field(ge=0, le=1)
    retries: int = Field(ge=0, le=3)
    # No question (or confirmation) is asked more often than this in a row.
    max_asks_in_a_row: int = Field(default=2, ge=1, le=3)
    # A library item is offered at most once in this many prospect turns.
    offer_every_turns: int = Field(default=3, ge=2, le=20)
    options: dict[str, list[Option]] = Field(default_factory=dict)
    customer_words: dict[Locale, list[str]] = Field(default_factory=dict)
    yes_words: dict[Locale, list[str]] = Field(default_factory=dict)
    no_words: dict[Locale, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _options_for_known_slots(self) -> Qualification:
        for slot in self.options:
            if slot not in SLOTS:
                raise ValueError(f"options for unknown slot {slot!r}")
        return self


class Topics(Strict):
    """content/topics.yaml"""

    topics: dict[str, dict[Locale, list[str]]]


class Range(Strict):
    min: int | None = None
    max: int | None = None


class Persona(Strict):
    name: dict[Locale, str]
    roles: list[str] = Field(default_factory=list)
    size: Range = Range()
    topics: list[str] = Field(default_factory=list)
    words: dict[Locale, list[str]] = Field(default_factory=dict)
    industries: dict[Locale, list[str]] = Field(default_factory=dict)


class Personas(Strict):
    """content/personas.yaml"""

    min_score: int = Field(ge=1)
    weights: dict[Literal["role", "size", "word", "topic", "industry"], int]
    personas: dict[str, Persona]


class Stage(Strict):
    words: dict[Locale, list[str]] = Field(default_factory=dict)


class Stages(Strict):
    """content/stages.yaml"""

    order: list[str]
    stages: dict[str, Stage]

    @model_validator(mode="after")
    def _order_names_stages(self) -> Stages:
        missing = [name for name in self.order if name not in self.stages]
        if missing:
            raise ValueError(f"order names stages that are not defined: {missing}")
        return self


class FaqEntry(Strict):
    questions: dict[Locale, list[str]]
    answer: dict[Locale, str]
    # The library item sent along when the prospect asks for a document on this subject.
    document: str | None = None


Share = Annotated[float, Field(gt=0, le=1)]


class Answering(Strict):
    """How sure the answerer must be (faq.yaml `answering:`), calibrated by bench/faq_eval.py."""

    threshold: dict[Locale, float]  # an FAQ entry answers from this score, per language
    # enough for the entry a clause of the message is most about, discounted if off topic
    lead_threshold: dict[Locale, float]
    retrieval_threshold: Share  # retrieval alone, for an entry without labelled questions
    library_threshold: Share  # a library item offered unasked
    request_threshold: Share  # a library item when the prospect asks for a document
    unanswered_below: Share  # a question in the message that no chosen entry reaches this in
    blend: float = Field(ge=0, le=1)  # the classifier's share of the score
    # Words that ask for a document; whole words, `*` at an end matches any rest of the word.
    document_requests: dict[Locale, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _thresholds_are_shares(self) -> Answering:
        for name, values in (
            ("threshold", self.threshold),
            ("lead_threshold", self.lead_threshold),
        ):
            for lang, value in values.items():
                if not 0 < value <= 1:
                    raise ValueError(f"{name} for {lang} must be above 0 and at most 1")
        return self


class Faq(Strict):
    """content/faq.yaml"""

    answering: Answering
    faq: dict[str, FaqEntry]


class NurtureStep(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]{1,30}$")
    after_days: float = Field(ge=0)
    item: str | None = None
    text: dict[Locale, str] | None = None

    @model_validator(mode="after")
    def _item_or_text(self) -> NurtureStep:
        if (self.item is None) == (self.text is None):
            raise ValueError("a step sends either an item or a text")
        return self


class Sequence(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]{1,30}$")
    personas: list[str] = Field(min_length=1)
    stage: str
    steps: list[NurtureStep] = Field(min_length=1)


class Campaign(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    date: datetime
    personas: list[str] = Field(min_length=1)
    stages: list[str] = Field(min_length=1)
    text: dict[Locale, str]


class QuietHours(Strict):
    start: time
    end: time


class Reminder(Strict):
    after_hours: float = Field(gt=0)
    text: dict[Locale, str]


class Nurture(Strict):
    """content/nurture.yaml"""

    timezone: str
    quiet_hours: QuietHours
    weekly_cap: int = Field(ge=0)
    reminder: Reminder
    sequences: list[Sequence] = Field(default_factory=list)
    campaigns: list[Campaign] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_zone(self) -> Nurture:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {self.timezone!r}, e.g. Europe/Berlin") from None
        return self


ModelT = TypeVar("ModelT", bound=BaseModel)


def load_model(path: Path, model: type[ModelT], problems: list[ContentProblem]) -> ModelT | None:
    """Load one YAML file into its schema; problems name the file and line."""
    if not path.exists():
        problems.append(ContentProblem(path, 1, "file is missing"))
        return None
    try:
        data, lines = load_yaml(path)
    except ContentError as error:
        problems.extend(error.problems)
        return None
    try:
        return model.model_validate(data or {})
    except ValidationError as error:
        for issue in error.errors():
            location = tuple(str(part) if isinstance(part, str) else part for part in issue["loc"])
            where = ".".join(str(part) for part in location) or "file"
            problems.append(
                ContentProblem(path, line_of(lines, location), f"{where}: {issue['msg']}")
            )
        return None
