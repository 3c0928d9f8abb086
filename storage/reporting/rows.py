"""What the report queries take and give: a window, and small frozen rows of numbers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Window:
    """Which leads a report counts: those who started in [since, until), from one source."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None


@dataclass(frozen=True)
class FunnelStep:
    """One step of the funnel; `conversion` is the share of the step before (None for the
    first step or an empty one before). The outcomes lost and recycled are shares of started."""

    name: str
    count: int
    conversion: float | None


@dataclass(frozen=True)
class WeekRow:
    """The leads who started in one week (Monday, UTC) and how far they got."""

    week: date
    started: int
    consented: int
    mql: int
    sal: int
    sql: int


@dataclass(frozen=True)
class BreakdownRow:
    """The funnel of one source, persona or language ("" where none is known)."""

    key: str
    started: int
    consented: int
    qualified: int
    mql: int
    sal: int
    sql: int
    won: int


@dataclass(frozen=True)
class ContentRow:
    """A library item: how often it was offered and opened."""

    item: str
    offered: int
    opened: int


@dataclass(frozen=True)
class Speed:
    """How long something took, in seconds, over the `count` times it happened (nearest-rank
    percentiles; None when it never happened)."""

    name: str
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class RepSla:
    """A rep's offers: decided within the SLA, or passed on to the next rep when it ran out."""

    rep: str
    in_time: int
    missed: int
    compliance: float | None


@dataclass(frozen=True)
class GreenBananas:
    """Handovers reps turned down, of all they decided, and why (most frequent first)."""

    decided: int
    rejected: int
    rate: float | None
    by_reason: list[tuple[str, int]]


@dataclass(frozen=True)
class DropOff:
    """A question: leads who went quiet while it waited for their answer, and leads who
    answered it."""

    question: str
    stopped: int
    answered: int
    rate: float | None


@dataclass(frozen=True)
class FaqHits:
    """Questions prospects asked, those the bot could not answer, and the most frequent of
    those (lower-cased, with counts)."""

    questions: int
    unanswered: int
    hit_rate: float | None
    top_unanswered: list[tuple[str, int]]
