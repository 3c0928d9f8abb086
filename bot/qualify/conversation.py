"""What one message from the prospect changes: transcript, engagement, facts, opt-out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.consent import may_store_personal_data
from bot.qualify.intents import wants_to_stop
from bot.qualify.vocabulary import Direction
from storage.leads import record_message
from storage.models import Lead


@dataclass(frozen=True)
class MessageOutcome:
    """What the handler must tell the prospect about their message."""

    wants_stop: bool
    truncated: bool


async def take_message(
    session: AsyncSession, lead: Lead, *, text: str, now: datetime, limit: int
) -> MessageOutcome:
    """Record the message where consent allows, and read at most `limit` characters of it."""
    readable = text[:limit]
    if wants_to_stop(readable, lead.language):
        return MessageOutcome(wants_stop=True, truncated=False)
    if may_store_personal_data(lead.consent_state):
        # The whole text is kept even when only the first part is read.
        record_message(session, lead, direction=Direction.IN, text=text, now=now)
    return MessageOutcome(wants_stop=False, truncated=len(text) > limit)
