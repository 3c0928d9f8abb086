"""Work that leaves the process later, and the markers that keep it from happening twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Timestamp

PLANNED_ONCE = "kind != 'reminder'"


class ScheduledMessage(Base):
    """A follow-up that is due at a time: stored, so it survives restarts; claimed, so two
    instances never send it twice."""

    __tablename__ = "scheduled_messages"
    __table_args__ = (
        Index("ix_scheduled_messages_due", "status", "due_at"),
        # A sequence step or a campaign is planned once per lead, however many planners race
        # (storage/followups.py inserts with ON CONFLICT DO NOTHING). Reminders repeat.
        Index(
            "uq_scheduled_messages_planned",
            "lead_id",
            "ref",
            unique=True,
            sqlite_where=text(PLANNED_ONCE),
            postgresql_where=text(PLANNED_ONCE),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # sequence, reminder, campaign
    ref: Mapped[str] = mapped_column(String(96))  # e.g. "awareness/checklist"
    due_at: Mapped[datetime] = mapped_column(Timestamp)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    note: Mapped[str | None] = mapped_column(Text)


class Outbox(Base):
    """A message that must not be lost, written in the transaction of the change behind it
    and delivered by a worker that retries."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "due_at"),
        Index("ix_outbox_chat_status", "chat_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "telegram": a Notice rendered at delivery; "request": a Bot API call a handler made,
    # kept as the method's name and parameters (bot/middlewares/send_on_commit.py).
    kind: Mapped[str] = mapped_column(String(16), default="telegram")
    # The lead the message is about: erasure removes it with the lead's other rows. None for
    # a handler's own replies: they are removed by chat (storage.leads.erase_lead).
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text, default="")
    # Rows of [label, callback data]; only rows written before notices existed have them.
    buttons: Mapped[list[list[list[str]]]] = mapped_column(JSON, default=list)
    # A Notice (bot.qualify.plan) the edge renders at delivery; when set, text is unused.
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime] = mapped_column(Timestamp)
    claimed_at: Mapped[datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[datetime | None] = mapped_column(Timestamp)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp)


class ProcessedUpdate(Base):
    """Telegram update ids already handled, written in the same transaction as their effects."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(Timestamp)


class ErasedChat(Base):
    """What is left after erasure: a keyed hash of the chat id, so it is never contacted again."""

    __tablename__ = "erased_chats"

    marker: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(Timestamp)
