"""What one message from the prospect changes: transcript, engagement, facts, opt-out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.consent import may_store_personal_data
from bot.qualify.dialog.reading import Reading, read_message
from bot.qualify.vocabulary import Direction
from storage.leads import record_message
from storage.models import Lead


@dataclass(frozen=True)
class MessageOutcome:
    """What the handler must tell the prospect about their message."""

    wants_stop: bool
    truncated: bool
    reading: Reading


async def take_message(
    session: AsyncSession,
    lead: Lead,
    *,
    text: str,
    now: datetime,
    limit: int,
    content: Content,
    models: Mapping[str, str | None] | None = None,
) -> MessageOutcome:
    """Record the message where consent allows, and read at most `limit` characters of it,
    once: the reading serves the opt-out check and the dialog alike."""
    reading = read_message(content, lead, text[:limit], now, models)
    if reading.intent == "stop":
        return MessageOutcome(wants_stop=True, truncated=False, reading=reading)
    if may_store_personal_data(lead.consent_state):
        # The whole text is kept even when only the first part is read.
        record_message(session, lead, direction=Direction.IN, text=text, now=now)
    return MessageOutcome(wants_stop=False, truncated=len(text) > limit, reading=reading)
