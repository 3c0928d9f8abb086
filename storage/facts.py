"""Facts: the current one per kind, and corrections that supersede it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Fact, Lead


async def current_facts(session: AsyncSession, lead: Lead) -> dict[str, Fact]:
    """The fact of each kind that is not superseded."""
    rows = await session.scalars(
        select(Fact).where(Fact.lead_id == lead.id, Fact.superseded_at.is_(None)).order_by(Fact.id)
    )
    return {fact.kind: fact for fact in rows}


async def record_fact(
    session: AsyncSession,
    lead: Lead,
    *,
    kind: str,
    value: Any,
    confidence: float,
    quote: str,
    now: datetime,
    confirmed: bool = False,
    replaces: Fact | None = None,
) -> Fact:
    """Add a fact; a fact it replaces is kept, marked as superseded, for the history."""
    if replaces is not None:
        replaces.superseded_at = now
    fact = Fact(
        lead_id=lead.id,
        kind=kind,
        value=value,
        confidence=confidence,
        quote=quote,
        recorded_at=now,
        confirmed=confirmed,
    )
    session.add(fact)
    await session.flush()
    return fact
