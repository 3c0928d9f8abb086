"""Lead rows: find or create, consent, transcript and erasure (storage/personal.py maps
what belongs to a person)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import TypeVar

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.engine import CHECKPOINT_ON_RETURN
from storage.models import (
    Consent,
    ErasedChat,
    Event,
    Fact,
    Handover,
    Lead,
    LifecycleChange,
    Message,
    ScoreChange,
)
from storage.personal import delete_person

# The rows a lead owns that are read back in the order they were written (id and lead_id).
Row = TypeVar("Row", Consent, Fact, Event, Message, ScoreChange, LifecycleChange, Handover)


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


def keep_names(lead: Lead, first: str | None, last: str | None, username: str | None) -> None:
    """The names Telegram sends, cut to what the columns hold: a forged update's 100-character
    username must not make the whole update fail on PostgreSQL."""
    columns = Lead.__table__.c
    for key, value in (("first_name", first), ("last_name", last), ("username", username)):
        length = getattr(columns[key].type, "length", None)
        setattr(lead, key, value[:length] if value is not None and length else value)


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


async def lead_rows(session: AsyncSession, model: type[Row], lead_id: int) -> list[Row]:
    """The lead's rows of one table, oldest first."""
    return list(
        await session.scalars(select(model).where(model.lead_id == lead_id).order_by(model.id))
    )


def erasure_marker(chat_id: int, key: bytes) -> str:
    """A keyed hash of a chat id: recognisable by us, meaningless to anyone without the key."""
    return hmac.new(key, str(chat_id).encode(), hashlib.sha256).hexdigest()


async def erase_lead(session: AsyncSession, lead: Lead, *, key: bytes, now: datetime) -> None:
    """Delete every personal row of a lead and leave only the anonymous marker."""
    marker = erasure_marker(lead.chat_id, key)
    await delete_person(session, lead)
    if await session.get(ErasedChat, marker) is None:
        session.add(ErasedChat(marker=marker, erased_at=now))
    session.expunge(lead)
    # SQLite keeps old pages in the -wal file until a checkpoint: ask for one once this
    # connection goes back to the pool, i.e. after the commit.
    (await session.connection()).info[CHECKPOINT_ON_RETURN] = True


async def was_erased(session: AsyncSession, *, chat_id: int, key: bytes) -> bool:
    """Whether this chat asked to be forgotten (so nothing is sent to it unprompted)."""
    marker = erasure_marker(chat_id, key)
    return bool(await session.scalar(select(exists().where(ErasedChat.marker == marker))))
