"""The people on the sales side: reps, handovers to them, and imported customers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Timestamp


class Handover(Base):
    """A lead waiting for a person: sales-ready, asked for one, or an existing customer."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("reps.id", ondelete="SET NULL"))
    offered_at: Mapped[datetime | None] = mapped_column(Timestamp)
    decided_at: Mapped[datetime | None] = mapped_column(Timestamp)
    decision_note: Mapped[str | None] = mapped_column(Text)
    # Reps it was offered to and who did not take it in time.
    tried_rep_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    escalated_at: Mapped[datetime | None] = mapped_column(Timestamp)


class Rep(Base):
    """A sales rep who receives handovers in Telegram."""

    __tablename__ = "reps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(128))
    # Each list empty means "any": every language, every persona, every source.
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    personas: Mapped[list[str]] = mapped_column(JSON, default=list)
    territories: Mapped[list[str]] = mapped_column(JSON, default=list)  # deep-link sources
    weight: Mapped[int] = mapped_column(Integer, default=1)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    assigned: Mapped[int] = mapped_column(Integer, default=0)  # handovers routed so far
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class Customer(Base):
    """An existing customer from an imported list, matched to Telegram users who write."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    company: Mapped[str | None] = mapped_column(String(128))
    account_owner: Mapped[str | None] = mapped_column(String(128))
    imported_at: Mapped[datetime] = mapped_column(Timestamp)
