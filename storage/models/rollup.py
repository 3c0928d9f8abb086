"""Day summaries for the report and the dashboard (storage/reporting/rollup.py), and the
indexes that find what changed since they were computed.

A window's funnel is then a sum over at most a few hundred day rows plus the leads of the
days not summed yet (today, and days something changed on since): bench/dashboard.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Timestamp
from storage.models.lead import Consent, Event, Fact, LifecycleChange


class FunnelDay(Base):
    """How far the leads who started on one day (UTC) from one source, of one persona and
    language got, counted by the report's own funnel query. '' stands for none."""

    __tablename__ = "funnel_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    persona: Mapped[str] = mapped_column(String(32), primary_key=True)
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    started: Mapped[int] = mapped_column(Integer)
    consented: Mapped[int] = mapped_column(Integer)
    qualified: Mapped[int] = mapped_column(Integer)
    mql: Mapped[int] = mapped_column(Integer)
    sal: Mapped[int] = mapped_column(Integer)
    sql: Mapped[int] = mapped_column(Integer)
    won: Mapped[int] = mapped_column(Integer)
    lost: Mapped[int] = mapped_column(Integer)
    recycled: Mapped[int] = mapped_column(Integer)


class ContentDay(Base):
    """How often one library item was offered and opened on one day (UTC)."""

    __tablename__ = "content_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    item: Mapped[str] = mapped_column(String, primary_key=True)
    offered: Mapped[int] = mapped_column(Integer)
    opened: Mapped[int] = mapped_column(Integer)


class RollupMark(Base):
    """How far one summary table reaches: days before `covered_until` are summed, as of
    `refreshed_at` (the clock of the refresh that wrote them)."""

    __tablename__ = "rollup_marks"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    covered_until: Mapped[datetime] = mapped_column(Timestamp)
    refreshed_at: Mapped[datetime] = mapped_column(Timestamp)


# What moved a lead in the funnel since a time, found by a search instead of a scan; the
# rest (persona, language, source) changes in the lead's own update, seen by last_seen_at.
CONSENTS_BY_TIME = Index("ix_consents_recorded_at", Consent.recorded_at)
FACTS_BY_TIME = Index("ix_facts_recorded_at", Fact.recorded_at)
LIFECYCLE_BY_TIME = Index("ix_lifecycle_changes_changed_at", LifecycleChange.changed_at)
# Today's content offers and opens without reading every event of those kinds.
EVENTS_BY_KIND_TIME = Index("ix_events_kind_time", Event.kind, Event.occurred_at)

ROLLUP_INDEXES = (CONSENTS_BY_TIME, FACTS_BY_TIME, LIFECYCLE_BY_TIME, EVENTS_BY_KIND_TIME)
