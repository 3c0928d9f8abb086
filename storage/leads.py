"""Lead rows: find or create, consent, transcript, export and erasure."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Consent,
    ErasedChat,
    Event,
    Fact,
    Handover,
    Lead,
    LifecycleChange,
    Message,
    Outbox,
    ScheduledMessage,
    ScoreChange,
    UnansweredQuestion,
)

# The rows a lead owns that are read back in the order they were written (id and lead_id).
Row = TypeVar("Row", Consent, Fact, Event, Message, ScoreChange, LifecycleChange, Handover)

PERSONAL_TABLES = (
    Consent,
    Fact,
    Event,
    Message,
    ScoreChange,
    LifecycleChange,
    Handover,
    UnansweredQuestion,
    ScheduledMessage,
    Outbox,
)


async def find_lead(session: AsyncSession, *, telegram_user_id: int) -> Lead | None:
    """The lead of a Telegram user, if there is one."""
    return await session.scalar(select(Lead).where(Lead.telegram_user_id == telegram_user_id))


async def get_or_create_lead(
    session: AsyncSession, *, telegram_user_id: int, chat_id: int, language: str, now: datetime
) -> Lead:
    """The lead of a Telegram user, created with nothing but ids and language if new."""
    lead = await find_lead(session, telegram_user_id=telegram_user_id)
    if lead is None:
        lead = Lead(
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            language=language,
            consent_state="pending",
            marketing_allowed=False,
            lifecycle="new",
            created_at=now,
            last_seen_at=now,
        )
        session.add(lead)
        await session.flush()
    return lead


async def record_consent(
    session: AsyncSession,
    lead: Lead,
    *,
    purpose: str,
    granted: bool,
    text_version: str,
    now: datetime,
) -> None:
    """Append one consent decision; earlier rows are never changed."""
    session.add(
        Consent(
            lead_id=lead.id,
            purpose=purpose,
            granted=granted,
            text_version=text_version,
            recorded_at=now,
        )
    )


def record_message(
    session: AsyncSession, lead: Lead, *, direction: str, text: str, now: datetime
) -> None:
    """Keep one line of the transcript."""
    session.add(Message(lead_id=lead.id, direction=direction, text=text, sent_at=now))


async def get_lead(session: AsyncSession, lead_id: int) -> Lead | None:
    """The lead with this id, unless erased."""
    return await session.get(Lead, lead_id)


async def recent_messages(
    session: AsyncSession, lead_id: int, *, limit: int, direction: str | None = None
) -> list[str]:
    """The texts of the lead's last `limit` messages (of one direction if given), newest first."""
    query = select(Message.text).where(Message.lead_id == lead_id)
    if direction is not None:
        query = query.where(Message.direction == direction)
    return list(await session.scalars(query.order_by(Message.id.desc()).limit(limit)))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def export_lead(session: AsyncSession, lead: Lead) -> dict[str, Any]:
    """Everything stored about a lead, as plain JSON-ready data (GDPR art. 15 and 20)."""
    return {
        "lead": _person(lead),
        "consents": [_consent(c) for c in await lead_rows(session, Consent, lead.id)],
        "facts": [_fact(f) for f in await lead_rows(session, Fact, lead.id)],
        "events": [
            {"kind": e.kind, "detail": e.detail, "occurred_at": _iso(e.occurred_at)}
            for e in await lead_rows(session, Event, lead.id)
        ],
        "messages": [
            {"direction": m.direction, "text": m.text, "sent_at": _iso(m.sent_at)}
            for m in await lead_rows(session, Message, lead.id)
        ],
    }


async def lead_rows(session: AsyncSession, model: type[Row], lead_id: int) -> list[Row]:
    """The lead's rows of one table, oldest first."""
    return list(
        await session.scalars(select(model).where(model.lead_id == lead_id).order_by(model.id))
    )


def _person(lead: Lead) -> dict[str, Any]:
    return {
        "telegram_user_id": lead.telegram_user_id,
        "chat_id": lead.chat_id,
        "language": lead.language,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "username": lead.username,
        "source": lead.source,
        "consent_state": lead.consent_state,
        "marketing_allowed": lead.marketing_allowed,
        "lifecycle": lead.lifecycle,
        "created_at": _iso(lead.created_at),
        "last_seen_at": _iso(lead.last_seen_at),
    }


def _consent(consent: Consent) -> dict[str, Any]:
    return {
        "purpose": consent.purpose,
        "granted": consent.granted,
        "text_version": consent.text_version,
        "recorded_at": _iso(consent.recorded_at),
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "kind": fact.kind,
        "value": fact.value,
        "confidence": fact.confidence,
        "quote": fact.quote,
        "recorded_at": _iso(fact.recorded_at),
        "superseded_at": _iso(fact.superseded_at),
    }


def erasure_marker(chat_id: int, key: bytes) -> str:
    """A keyed hash of a chat id: recognisable by us, meaningless to anyone without the key."""
    return hmac.new(key, str(chat_id).encode(), hashlib.sha256).hexdigest()


async def erase_lead(session: AsyncSession, lead: Lead, *, key: bytes, now: datetime) -> None:
    """Delete every personal row of a lead and leave only the anonymous marker."""
    marker = erasure_marker(lead.chat_id, key)
    for model in PERSONAL_TABLES:
        await session.execute(delete(model).where(model.lead_id == lead.id))
    await session.execute(delete(Lead).where(Lead.id == lead.id))
    # The replies a handler sent belong to no lead but quote the prospect: gone by chat.
    await session.execute(delete(Outbox).where(Outbox.chat_id == lead.chat_id))
    if await session.get(ErasedChat, marker) is None:
        session.add(ErasedChat(marker=marker, erased_at=now))
    session.expunge(lead)


async def was_erased(session: AsyncSession, *, chat_id: int, key: bytes) -> bool:
    """Whether this chat asked to be forgotten (so nothing is sent to it unprompted)."""
    marker = erasure_marker(chat_id, key)
    return bool(await session.scalar(select(exists().where(ErasedChat.marker == marker))))
