"""A small database with one consenting German lead whose every export column has a value."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from storage.engine import migrated_sessions
from storage.handovers import create_handover
from storage.leads import get_or_create_lead
from storage.models import Consent, Fact
from storage.reps import rep_by_telegram_id
from tests.support import add_plain_rep

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
FACTS = {
    "need": "Ticketsystem für Außendienst und Büro",
    "budget": {"status": "known", "min": 15000, "max": 20000, "currency": "EUR", "period": "year"},
    "timeframe": {"bucket": "quarter", "date": "2027-03-31"},
    "company_size": {"min": 40, "max": 40},
    "authority": "shared",
    "role": "executive",
    "company": "Müller & Söhne GmbH, Köln",
    "email": "jörg@müller.example",
}


def database_url(folder: Path) -> str:
    """The SQLite file the CLI uses with LEADBOT_DATA_DIR=folder."""
    return f"sqlite+aiosqlite:///{folder / 'leadbot.db'}"


def add_consent_and_facts(session: AsyncSession, lead_id: int) -> None:
    """Granted consent and every fact in FACTS for one lead (the export's worked example)."""
    session.add(
        Consent(
            lead_id=lead_id,
            purpose="qualification",
            granted=True,
            text_version="1",
            recorded_at=NOW,
        )
    )
    for kind, value in FACTS.items():
        session.add(
            Fact(
                lead_id=lead_id,
                kind=kind,
                value=value,
                confidence=1.0,
                quote="…",
                recorded_at=NOW,
            )
        )


async def seed(url: str) -> int:
    """Jörg Äbelmann: consenting, every fact known, offered to Mia Berg; his lead id."""
    async with migrated_sessions(url) as sessions, sessions() as session:
        lead = await get_or_create_lead(
            session, telegram_user_id=5002, chat_id=5002, language="de", now=NOW
        )
        lead.first_name, lead.last_name, lead.username = "Jörg", "Äbelmann", "joerg_ae"
        lead.consent_state, lead.lifecycle, lead.sales_ready = "granted", "mql", True
        lead.fit_grade, lead.fit_score, lead.engagement_score = "A", 55.0, 12.25
        add_consent_and_facts(session, lead.id)
        await add_plain_rep(session, 4711, "Mia Berg", now=NOW, languages=("de",))
        handover = await create_handover(session, lead_id=lead.id, reason="sales_ready", now=NOW)
        rep = await rep_by_telegram_id(session, 4711)
        assert rep is not None
        handover.status, handover.rep_id = "offered", rep.id
        await session.commit()
        return lead.id
