"""What the rep's card reads beyond facts: the consent that stands, the questions asked, and
the handovers offered to a rep (who may look at a card before they accept it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import EventKind, HandoverStatus
from storage.models import Consent, Event, Handover, Lead

QUALIFICATION, MARKETING = "qualification", "marketing"  # consents.purpose


@dataclass(frozen=True)
class GrantedConsent:
    """When the prospect last agreed to qualification, to which notice, and whether
    follow-ups are allowed too."""

    granted_at: datetime
    version: str
    marketing: bool


@dataclass(frozen=True)
class AskedQuestion:
    """A question the prospect asked and whether the bot could answer it."""

    text: str
    answered: bool


async def standing_consent(session: AsyncSession, lead_id: int) -> GrantedConsent | None:
    """The newest decision per purpose; None unless qualification stands granted."""
    newest: dict[str, Consent] = {}
    rows = await session.scalars(
        select(Consent).where(Consent.lead_id == lead_id).order_by(Consent.id)
    )
    for row in rows:
        newest[row.purpose] = row
    granted = newest.get(QUALIFICATION)
    if granted is None or not granted.granted:
        return None
    marketing = newest.get(MARKETING)
    return GrantedConsent(
        granted.recorded_at, granted.text_version, bool(marketing and marketing.granted)
    )


async def questions_asked(session: AsyncSession, lead_id: int, limit: int) -> list[AskedQuestion]:
    """The newest questions (oldest first) whose words were kept with the signal."""
    rows = await session.scalars(
        select(Event)
        .where(Event.lead_id == lead_id, Event.kind == EventKind.QUESTION)
        .order_by(Event.id.desc())
        .limit(limit)
    )
    asked = [
        AskedQuestion(str(row.detail["text"]), row.detail.get("answered") == "yes")
        for row in rows
        if isinstance(row.detail, dict) and row.detail.get("text")
    ]
    return asked[::-1]


async def offered_handover(session: AsyncSession, lead_id: int, rep_id: int) -> Handover | None:
    """The lead's handover offered to this rep and not yet decided, if any."""
    return await session.scalar(
        select(Handover)
        .where(
            Handover.lead_id == lead_id,
            Handover.rep_id == rep_id,
            Handover.status == HandoverStatus.OFFERED,
        )
        .order_by(Handover.id.desc())
    )


async def offered_leads(session: AsyncSession, rep_id: int) -> list[Lead]:
    """The leads offered to a rep who has not yet accepted or rejected them, oldest first."""
    offered = select(Handover.lead_id).where(
        Handover.rep_id == rep_id, Handover.status == HandoverStatus.OFFERED
    )
    return list(await session.scalars(select(Lead).where(Lead.id.in_(offered)).order_by(Lead.id)))
