"""A small sales floor for the dashboard tests: three told leads and a crowd for paging.

Greta (fair2026, it_lead, hot, MQL) has facts with quotes, score changes with reasons,
messages, content events and an open handover. Jonas (web, service_manager, warm) is
engaged. Lead 3 never consented. Leads 100.. (FILLER of them) are cold and new, for paging.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Consent,
    Event,
    Fact,
    Handover,
    Lead,
    LifecycleChange,
    Message,
    ScoreChange,
    UnansweredQuestion,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FILLER = 45
GRETA, JONAS, SILENT = 1, 2, 3
GRETA_WHY_QUOTE = "budget about 40k a year"


def _lead(lead_id: int, **fields: Any) -> Lead:
    return Lead(
        id=lead_id,
        telegram_user_id=7000 + lead_id,
        chat_id=7000 + lead_id,
        language=fields.pop("language", "en"),
        consent_state=fields.pop("consent_state", "granted"),
        created_at=fields.pop("created_at", NOW - timedelta(days=3)),
        last_seen_at=fields.pop("last_seen_at", NOW - timedelta(days=2)),
        **fields,
    )


def _greta_story() -> list[Any]:
    at = NOW - timedelta(hours=5)
    return [
        Fact(
            lead_id=GRETA,
            kind="need",
            value="helpdesk for IT tickets",
            confidence=0.9,
            quote="We need a helpdesk for our IT tickets",
            recorded_at=at,
        ),
        Fact(
            lead_id=GRETA,
            kind="company_size",
            value={"min": 80, "max": 80},
            confidence=0.95,
            quote="we're 80 people",
            recorded_at=at,
        ),
        ScoreChange(
            lead_id=GRETA,
            score="fit",
            old="0",
            new="45",
            rule="budget >= 20000",
            reason="a budget of 40,000 EUR a year",
            quote=GRETA_WHY_QUOTE,
            changed_at=at,
        ),
        ScoreChange(
            lead_id=GRETA,
            score="temperature",
            old="cold",
            new="hot",
            rule="matrix A3",
            reason="fit grade A and engagement level 3",
            quote=None,
            changed_at=at,
        ),
        Message(
            lead_id=GRETA, direction="in", text="We need a helpdesk, budget about 40k", sent_at=at
        ),
        Message(lead_id=GRETA, direction="out", text="Thank you, noted.", sent_at=at),
        Event(
            lead_id=GRETA,
            kind="content_offered",
            weight=0,
            detail={"item": "comparison-sheet"},
            occurred_at=at,
        ),
        Event(
            lead_id=GRETA,
            kind="content_opened",
            weight=3,
            detail={"item": "comparison-sheet"},
            occurred_at=at,
        ),
        LifecycleChange(
            lead_id=GRETA,
            from_state="engaged",
            to_state="mql",
            reason="sales ready",
            changed_at=at,
        ),
        Handover(lead_id=GRETA, reason="sales_ready", status="pending", created_at=at),
    ]


def dashboard_rows() -> list[Any]:
    """Every row of the floor, in an order the foreign keys accept."""
    leads = [
        _lead(
            GRETA,
            first_name="Greta",
            last_name="Hoffmann",
            source="fair2026",
            persona="it_lead",
            lifecycle="mql",
            temperature="hot",
            fit_score=45,
            fit_grade="A",
            engagement_score=12.5,
            engagement_level=3,
            sales_ready=True,
            last_seen_at=NOW - timedelta(hours=5),
        ),
        _lead(
            JONAS,
            first_name="Jonas",
            last_name="Weber",
            source="web",
            persona="service_manager",
            lifecycle="engaged",
            temperature="warm",
            language="de",
            last_seen_at=NOW - timedelta(hours=8),
        ),
        _lead(SILENT, consent_state="pending", lifecycle="new", source="web"),
        *(
            _lead(100 + n, first_name=f"Filler{n:02}", lifecycle="new", source="ads")
            for n in range(FILLER)
        ),
    ]
    questions = [
        UnansweredQuestion(lead_id=JONAS, locale="en", text=text, asked_at=NOW)
        for text in (
            "Can I pay in bitcoin?",
            "Do you support SAML login?",
            "Can I pay in bitcoin??",
        )
    ]
    consents = [
        Consent(
            lead_id=lead.id,
            purpose="qualification",
            granted=True,
            text_version="2026-11-01",
            recorded_at=lead.created_at,
        )
        for lead in leads
        if lead.consent_state == "granted"
    ]
    return [*leads, *consents, *_greta_story(), *questions]


async def add_floor(session: AsyncSession) -> None:
    """Write the floor and commit."""
    rows = dashboard_rows()
    session.add_all([row for row in rows if isinstance(row, Lead)])
    await session.flush()
    session.add_all([row for row in rows if not isinstance(row, Lead)])
    await session.commit()
