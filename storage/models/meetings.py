"""Meetings with a rep: the rep's working hours, and the meetings booked into them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Timestamp

BOOKED = "booked"
CANCELLED = "cancelled"


class RepHours(Base):
    """When a rep takes meetings: weekdays, a span of wall-clock hours, a time zone."""

    __tablename__ = "rep_hours"

    rep_id: Mapped[int] = mapped_column(
        ForeignKey("reps.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    days: Mapped[str] = mapped_column(String(32))  # "mon,tue,wed,thu,fri"
    opens: Mapped[str] = mapped_column(String(5))  # "09:00"
    closes: Mapped[str] = mapped_column(String(5))  # "17:00"
    timezone: Mapped[str] = mapped_column(String(64))


class Meeting(Base):
    """A call a prospect booked with a rep; moved in place, so its invitation keeps its UID."""

    __tablename__ = "meetings"
    __table_args__ = (
        # Two prospects can never hold the same start with one rep, whichever instance
        # books: the database refuses the second. Cancelled meetings free their slot.
        Index(
            "uq_meetings_rep_slot",
            "rep_id",
            "starts_at",
            unique=True,
            sqlite_where=text("status = 'booked'"),
            postgresql_where=text("status = 'booked'"),
        ),
        Index("ix_meetings_reminder_due", "reminder_status", "remind_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"), index=True)
    handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("handovers.id", ondelete="SET NULL")
    )
    starts_at: Mapped[datetime] = mapped_column(Timestamp)
    ends_at: Mapped[datetime] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(16), default=BOOKED)
    # The invitation's SEQUENCE: each move or cancellation supersedes the one before.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp)
    updated_at: Mapped[datetime] = mapped_column(Timestamp)
    changed_by: Mapped[str | None] = mapped_column(String(16))  # prospect or rep
    # The reminder an hour before: pending until one worker flips it to sent (or cancelled).
    reminder_status: Mapped[str] = mapped_column(String(16), default="pending")
    remind_at: Mapped[datetime] = mapped_column(Timestamp)
