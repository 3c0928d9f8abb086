"""What the export reads about each consenting lead: its row, current facts, consent,
the company on record, the newest handover with its rep, and a booked meeting if any."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.consent import ConsentState
from storage.models import Consent, Customer, Fact, Handover, Lead, Meeting, Rep
from storage.models.meetings import BOOKED


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
    """Every lead with a standing consent, oldest first; others are not covered by it.

    Set-based: one query per kind of row for all leads, not four per lead, which took 4.1x
    as long as the JSONL records for 2,000 leads; now 0.2-0.33x of them (bench/export.py)."""
    consenting = select(Lead.id).where(Lead.consent_state == ConsentState.GRANTED)
    leads = list(
        await session.scalars(
            select(Lead).where(Lead.id.in_(consenting.scalar_subquery())).order_by(Lead.id)
        )
    )
    facts = await _facts(session, consenting)
    consented = await _newest(
        session,
        select(Consent.lead_id, Consent.recorded_at)
        .where(Consent.granted.is_(True))
        .order_by(Consent.id),
    )
    handovers = await _newest(
        session,
        select(Handover.lead_id, Handover.status, Rep.name)
        .outerjoin(Rep, Rep.id == Handover.rep_id)
        .order_by(Handover.id),
    )
    meetings = await _meetings(session)
    companies = await _companies(session)
    return [
        ExportedLead(
            lead=lead,
            facts=facts.get(lead.id, {}),
            consent_at=consented.get(lead.id, (None,))[0],
            customer_company=companies.get(lead.telegram_user_id)
            or companies.get(lead.username or ""),
            rep=handovers.get(lead.id, (None, None))[1],
            handover_status=handovers.get(lead.id, (None, None))[0],
            meeting_at=meetings.get(lead.id),
        )
        for lead in leads
    ]


async def _facts(session: AsyncSession, leads: Select[int]) -> dict[int, dict[str, Any]]:
    """The current facts of these leads, by lead and kind."""
    facts: dict[int, dict[str, Any]] = {}
    for fact in await session.scalars(
        select(Fact)
        .where(Fact.lead_id.in_(leads.scalar_subquery()), Fact.superseded_at.is_(None))
        .order_by(Fact.id)
    ):
        facts.setdefault(fact.lead_id, {})[fact.kind] = fact.value
    return facts


async def _newest(session: AsyncSession, query: Executable) -> dict[int, tuple[Any, ...]]:
    """The last row per lead of a query ordered oldest first, without its lead id."""
    return {row[0]: tuple(row[1:]) for row in await session.execute(query)}


async def _companies(session: AsyncSession) -> dict[int | str, str]:
    """Imported customers' companies by Telegram id and by username."""
    found: dict[int | str, str] = {}
    query = select(Customer.telegram_user_id, Customer.username, Customer.company)
    for user_id, username, company in await session.execute(query):
        if company and user_id is not None:
            found[user_id] = company
        if company and username:
            found.setdefault(username, company)
    return found


async def _meetings(session: AsyncSession) -> dict[int, datetime]:
    """The start of each lead's booked meeting (the latest, should there be several)."""
    query = (
        select(Meeting.lead_id, Meeting.starts_at)
        .where(Meeting.status == BOOKED)
        .order_by(Meeting.starts_at)
    )
    return {lead_id: start for lead_id, start in await session.execute(query)}
