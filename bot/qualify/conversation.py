"""What one message from the prospect changes: transcript, engagement, facts, opt-out; and
what a prospect without consent is told (a question is answered, nothing is stored)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify.consent import ConsentState, may_store_personal_data
from bot.qualify.dialog.answers import answer_only
from bot.qualify.dialog.reading import Reading, read_message
from bot.qualify.plan import Plan
from bot.qualify.vocabulary import Direction, Intent
from storage.leads import record_message
from storage.models import Lead


@dataclass(frozen=True)
class MessageOutcome:
    """What the handler must tell the prospect about their message."""

    wants_stop: bool
    truncated: bool
    reading: Reading
    wants_erasure: bool = False


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
    once: the reading serves the opt-out check and the dialog alike. "Delete my data" is a
    wish for erasure, offered with its confirming button, not a stop."""
    text = text.replace("\x00", "\ufffd")  # PostgreSQL text cannot hold NUL
    reading = read_message(content, lead, text[:limit], now, models)
    if reading.cue("erase"):
        return MessageOutcome(
            wants_stop=False, truncated=False, reading=reading, wants_erasure=True
        )
    if reading.intent == Intent.STOP:
        return MessageOutcome(wants_stop=True, truncated=False, reading=reading)
    if may_store_personal_data(lead.consent_state):
        # The whole text is kept even when only the first part is read.
        record_message(session, lead, direction=Direction.IN, text=text, now=now)
    return MessageOutcome(wants_stop=False, truncated=len(text) > limit, reading=reading)


@dataclass(frozen=True)
class Unconsented:
    """The reply to a prospect without standing consent: an answer that stored nothing, and
    the text key to put before the consent question when it is to be asked (else None)."""

    plan: Plan = field(default_factory=Plan)
    ask_consent: str | None = None


def without_consent(content: Content, lead: Lead, reading: Reading) -> Unconsented:
    """A question is answered and nothing kept; before consent, the consent question follows
    once; after a withdrawal nothing else is said; anything else asks for consent."""
    asks = reading.asks
    plan = answer_only(content, reading.text, reading.language) if asks else Plan()
    if lead.consent_state == ConsentState.WITHDRAWN:
        if not asks:
            plan.say("conversation.opted_out")
        return Unconsented(plan)
    if not asks:
        return Unconsented(plan, "consent.required")
    state = lead.dialog_state or {}
    if lead.consent_state == ConsentState.PENDING and not state.get("consent_reasked"):
        lead.dialog_state = {**state, "consent_reasked": True}
        return Unconsented(plan, "consent.after_answer")
    return Unconsented(plan)
