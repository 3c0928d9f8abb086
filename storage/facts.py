"""Facts: the current one per kind, and corrections that supersede it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.memo import remembered
from storage.models import Fact, Lead


async def current_facts(session: AsyncSession, lead: Lead) -> dict[str, Fact]:
    """The fact of each kind that is not superseded (read once per transaction: facts are
    written only here, so what is remembered stays what the query would return)."""
    memo = remembered(session)
    key = ("current_facts", lead.id)
    if key not in memo:
        rows = await session.scalars(
            select(Fact)
            .where(Fact.lead_id == lead.id, Fact.superseded_at.is_(None))
            .order_by(Fact.id)
        )
        memo[key] = {fact.kind: fact for fact in rows}
    return dict(memo[key])


def supersede(session: AsyncSession, fact: Fact, now: datetime) -> None:
    """Mark `fact` as no longer current (kept for the history)."""
    fact.superseded_at = now
    current = remembered(session).get(("current_facts", fact.lead_id))
    if current is not None and current.get(fact.kind) is fact:
        del current[fact.kind]


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
        supersede(session, replaces, now)
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
    current = remembered(session).get(("current_facts", lead.id))
    if current is not None:
        current[kind] = fact
    return fact
