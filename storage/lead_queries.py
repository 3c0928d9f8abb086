"""Leads for people at the command line: the list, one lead's story, the export, and the
few things an operator sets by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.consent import ConsentState
from bot.qualify.vocabulary import FactKind
from storage.leads import lead_rows
from storage.models import (
    Event,
    Fact,
    Handover,
    Lead,
    LifecycleChange,
    Message,
    ScoreChange,
    UnansweredQuestion,
)


@dataclass(frozen=True)
class LeadRow:
    """One line of `leadbot leads list`."""

    id: int
    name: str
    source: str | None
    persona: str | None
    stage: str
    lifecycle: str
    grade: str | None
    engagement: float
    temperature: str
    sales_ready: bool
    last_seen_at: datetime


@dataclass(frozen=True)
class LeadStory:
    """Everything behind one lead: the answer to "why is this lead hot?"."""

    lead: LeadRow
    language: str
    consent: str
    fit_score: float
    facts: list[Fact]
    events: list[Event]
    score_changes: list[ScoreChange]
    lifecycle: list[LifecycleChange]
    handovers: list[Handover]
    messages: list[Message]


def _row(lead: Lead) -> LeadRow:
    name = " ".join(part for part in (lead.first_name, lead.last_name) if part) or "(no name)"
    return LeadRow(
        lead.id,
        name,
        lead.source,
        lead.persona,
        lead.stage,
        lead.lifecycle,
        lead.fit_grade,
        lead.engagement_score,
        lead.temperature,
        lead.sales_ready,
        lead.last_seen_at,
    )


async def list_leads(
    session: AsyncSession,
    *,
    temperature: str | None = None,
    lifecycle: str | None = None,
    persona: str | None = None,
    source: str | None = None,
    limit: int = 200,
) -> list[LeadRow]:
    """Leads, most recently active first, filtered as asked."""
    query = select(Lead).order_by(Lead.last_seen_at.desc()).limit(limit)
    filters: dict[str, Any] = {
        "temperature": temperature,
        "lifecycle": lifecycle,
        "persona": persona,
        "source": source,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(getattr(Lead, column) == value)
    return [_row(lead) for lead in await session.scalars(query)]


async def lead_story(session: AsyncSession, lead_id: int) -> LeadStory | None:
    """One lead with its facts (superseded ones too), events, score and lifecycle history."""
    lead = await session.get(Lead, lead_id)
    if lead is None:
        return None

    return LeadStory(
        lead=_row(lead),
        language=lead.language,
        consent=lead.consent_state,
        fit_score=lead.fit_score,
        facts=await lead_rows(session, Fact, lead_id),
        events=await lead_rows(session, Event, lead_id),
        score_changes=await lead_rows(session, ScoreChange, lead_id),
        lifecycle=await lead_rows(session, LifecycleChange, lead_id),
        handovers=await lead_rows(session, Handover, lead_id),
        messages=await lead_rows(session, Message, lead_id),
    )


# The facts a CRM import gets as columns, in this order.
EXPORTED_FACTS = (
    FactKind.NEED,
    FactKind.COMPANY_SIZE,
    FactKind.ROLE,
    FactKind.TIMEFRAME,
    FactKind.BUDGET,
    FactKind.AUTHORITY,
    FactKind.COMPANY,
    FactKind.PHONE,
    FactKind.EMAIL,
    FactKind.CONTACT,
)


async def export_rows(session: AsyncSession) -> list[dict[str, Any]]:
    """One flat record per lead who consented, with its current facts, for a CRM import.

    Leads without a standing consent are left out: sharing their data is not covered.
    """
    from storage.facts import current_facts

    records = []
    leads = await session.scalars(
        select(Lead).where(Lead.consent_state == ConsentState.GRANTED).order_by(Lead.id)
    )
    for lead in leads:
        facts = {kind: fact.value for kind, fact in (await current_facts(session, lead)).items()}
        records.append(_export_record(lead, facts))
    return records


def lead_profile(lead: Lead) -> dict[str, Any]:
    """Who a lead is and where it came from, as a CRM receives it."""
    return {
        "id": lead.id,
        "telegram_user_id": lead.telegram_user_id,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "username": lead.username,
        "language": lead.language,
        "source": lead.source,
        "persona": lead.persona,
        "stage": lead.stage,
    }


def _export_record(lead: Lead, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        **lead_profile(lead),
        "lifecycle": lead.lifecycle,
        "customer": lead.is_customer,
        "fit_score": lead.fit_score,
        "fit_grade": lead.fit_grade,
        "engagement_score": round(lead.engagement_score, 2),
        "temperature": lead.temperature,
        "sales_ready": lead.sales_ready,
        "marketing_allowed": lead.marketing_allowed,
        "created_at": lead.created_at.isoformat(),
        "last_seen_at": lead.last_seen_at.isoformat(),
        **{f"fact_{kind}": facts.get(kind) for kind in EXPORTED_FACTS},
    }


async def set_lead_timezone(session: AsyncSession, lead_id: int, zone: str) -> bool:
    """Give a lead its own time zone for quiet hours; False if there is no such lead."""
    lead = await session.get(Lead, lead_id)
    if lead is None:
        return False
    lead.timezone = zone
    return True


async def unanswered_questions(session: AsyncSession, *, limit: int) -> list[UnansweredQuestion]:
    """Questions the bot could not answer, newest first."""
    query = select(UnansweredQuestion).order_by(UnansweredQuestion.id.desc()).limit(limit)
    return list(await session.scalars(query))
