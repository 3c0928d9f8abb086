"""What the export reads about each consenting lead: its row, current facts, consent,
the company on record, the newest handover with its rep, and a booked meeting if any."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.consent import ConsentState
from storage.customers import find_customer
from storage.models import Base, Consent, Fact, Handover, Lead, Rep

# The table of booked meetings, when a version of the schema has one (read generically).
MEETINGS = "meetings"


@dataclass(frozen=True)
class ExportedLead:
    """Everything one line of the export is made of, as plain data."""

    lead: Lead
    facts: dict[str, Any] = field(default_factory=dict)
    consent_at: datetime | None = None
    customer_company: str | None = None
    rep: str | None = None
    handover_status: str | None = None
    meeting_at: datetime | None = None


async def exported_leads(session: AsyncSession) -> list[ExportedLead]:
    """Every lead with a standing consent, oldest first; others are not covered by it."""
    leads = await session.scalars(
        select(Lead).where(Lead.consent_state == ConsentState.GRANTED).order_by(Lead.id)
    )
    return [await _exported(session, lead) for lead in leads]


async def _exported(session: AsyncSession, lead: Lead) -> ExportedLead:
    facts = await session.scalars(
        select(Fact).where(Fact.lead_id == lead.id, Fact.superseded_at.is_(None)).order_by(Fact.id)
    )
    consent_at = await session.scalar(
        select(Consent.recorded_at)
        .where(Consent.lead_id == lead.id, Consent.granted.is_(True))
        .order_by(Consent.id.desc())
        .limit(1)
    )
    customer = await find_customer(
        session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )
    newest = await session.execute(
        select(Handover.status, Rep.name)
        .outerjoin(Rep, Rep.id == Handover.rep_id)
        .where(Handover.lead_id == lead.id)
        .order_by(Handover.id.desc())
        .limit(1)
    )
    handover = newest.first()
    return ExportedLead(
        lead=lead,
        facts={fact.kind: fact.value for fact in facts},
        consent_at=consent_at,
        customer_company=customer.company if customer else None,
        rep=handover[1] if handover else None,
        handover_status=handover[0] if handover else None,
        meeting_at=await _meeting_at(session, lead.id),
    )


async def _meeting_at(session: AsyncSession, lead_id: int) -> datetime | None:
    """The start of the lead's newest meeting, if the schema has meetings at all."""
    table: Table | None = Base.metadata.tables.get(MEETINGS)
    if table is None or "lead_id" not in table.c:
        return None
    starts = [column for column in table.c if "start" in column.name]
    if not starts:
        return None
    found = await session.scalar(
        select(starts[0]).where(table.c.lead_id == lead_id).order_by(starts[0].desc()).limit(1)
    )
    return found if isinstance(found, datetime) else None
