"""The prospect and everything recorded about them. Personal data lives only here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, DialogStateData, EventDetail, FactData, Timestamp


class Lead(Base):
    """A prospect in one Telegram chat; the single source of truth for the conversation."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    language: Mapped[str] = mapped_column(String(8))
    consent_state: Mapped[str] = mapped_column(String(16), default="pending")
    marketing_allowed: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str | None] = mapped_column(String(64))
    first_name: Mapped[str | None] = mapped_column(String(128))
    last_name: Mapped[str | None] = mapped_column(String(128))
    username: Mapped[str | None] = mapped_column(String(64))
    lifecycle: Mapped[str] = mapped_column(String(16), default="new", index=True)
    dialog_step: Mapped[str | None] = mapped_column(String(64))
    dialog_state: Mapped[DialogStateData] = mapped_column(JSON, default=dict)
    persona: Mapped[str | None] = mapped_column(String(32), index=True)
    stage: Mapped[str] = mapped_column(String(16), default="awareness")
    is_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    fit_score: Mapped[float] = mapped_column(Float, default=0.0)
    fit_grade: Mapped[str | None] = mapped_column(String(1))
    engagement_score: Mapped[float] = mapped_column(Float, default=0.0)
    engagement_level: Mapped[int] = mapped_column(Integer, default=1)
    engagement_updated_at: Mapped[datetime | None] = mapped_column(Timestamp)
    temperature: Mapped[str] = mapped_column(String(8), default="cold", index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    # A rep talking to the prospect through the bot; the bot stays quiet meanwhile.
    taken_over_by: Mapped[int | None] = mapped_column(ForeignKey("reps.id", ondelete="SET NULL"))
    sales_ready: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp)

    consents: Mapped[list[Consent]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", passive_deletes=True
    )


class Consent(Base):
    """Append-only: one row per decision about one purpose."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    text_version: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)

    lead: Mapped[Lead] = relationship(back_populates="consents")


class Fact(Base):
    """One qualification fact with the quote it came from; a correction supersedes it."""

    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[FactData] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(Timestamp)
    superseded_at: Mapped[datetime | None] = mapped_column(Timestamp)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)


class Event(Base):
    """One engagement signal (message, button, content opened, return after a pause)."""

    __tablename__ = "events"
    # Covering index: the rescoring pass streams each lead's weights and times from it
    # without touching the table (1.4 s -> 0.25 s over a million events on SQLite).
    __table_args__ = (Index("ix_events_scoring", "lead_id", "weight", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    detail: Mapped[EventDetail] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(Timestamp)


class Message(Base):
    """The transcript, kept only with consent, so a rep sees what the prospect said."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(Timestamp)


class ScoreChange(Base):
    """Why a score moved: the rule, the reason and the words that caused it."""

    __tablename__ = "score_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    score: Mapped[str] = mapped_column(String(16))
    old: Mapped[str | None] = mapped_column(String(32))
    new: Mapped[str] = mapped_column(String(32))
    rule: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(Timestamp)


class LifecycleChange(Base):
    """One move of the lifecycle state machine."""

    __tablename__ = "lifecycle_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(Timestamp)
    # The CRM webhook for this change: this table is its outbox.
    webhook_status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    webhook_attempts: Mapped[int] = mapped_column(Integer, default=0)
    webhook_due_at: Mapped[datetime | None] = mapped_column(Timestamp)
    webhook_note: Mapped[str | None] = mapped_column(Text)


class UnansweredQuestion(Base):
    """A question the bot could not answer, for editors to add to the FAQ."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(Timestamp)
