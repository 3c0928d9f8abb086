"""Markers that make planning the same work twice impossible, even for two instances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Timestamp


class SlaStep(Base):
    """One deadline step taken on a handover (an offer made late, a pass to the next rep, an
    escalation, a reroute away from an unreachable rep). The primary key is the claim: of two
    instances that find the same handover overdue, only the one whose insert lands acts."""

    __tablename__ = "sla_steps"

    handover_id: Mapped[int] = mapped_column(
        ForeignKey("handovers.id", ondelete="CASCADE"), primary_key=True
    )
    # e.g. "pass/1/2026-12-01T10:00:00+00:00": the kind of step, the reps tried so far and
    # the offer it ends; a later step of the same handover always differs in one of them.
    stage: Mapped[str] = mapped_column(String(96), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(Timestamp)
