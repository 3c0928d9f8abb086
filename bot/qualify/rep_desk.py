"""What a rep does with the leads they accepted: list them, mark them SQL, won or lost, and
talk to the prospect through the bot (a takeover) until they give the chat back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import lifecycle
from bot.qualify.consent import ConsentState
from bot.qualify.handover import NotYourLead, rep_locale
from bot.qualify.lifecycle import Stage
from bot.qualify.plan import VERBATIM, Notice
from bot.qualify.vocabulary import Direction
from storage.card_queries import offered_handover, offered_leads
from storage.handovers import accepted_leads, latest_accepted
from storage.leads import get_lead, record_message
from storage.models import Handover, Lead, Rep
from storage.outbox import enqueue
from storage.reps import get_rep, lead_taken_over_by, rep_by_telegram_id

WITH_THE_REP = (Stage.SAL, Stage.SQL)  # accepted, and not yet won or lost
CLOSED = (Stage.SUPPRESSED, Stage.LOST)  # withdrew, or said no
# Telegram takes 4,096 characters; a relayed part leaves room for the name and the prefix.
RELAY_PART = 3500


class OneAtATime(NotYourLead):
    """A rep talks to one prospect at a time: what they type goes to exactly one chat."""

    def __init__(self, busy_lead_id: int) -> None:
        super().__init__(f"already talking to lead {busy_lead_id}")
        self.busy_lead_id = busy_lead_id


async def rep_leads(session: AsyncSession, rep_user_id: int) -> list[Lead]:
    """The leads a rep has accepted and not yet won or lost."""
    rep = await rep_by_telegram_id(session, rep_user_id)
    if rep is None:
        return []
    return await accepted_leads(session, rep_id=rep.id, lifecycles=WITH_THE_REP)


async def assigned_lead(session: AsyncSession, lead_id: int, rep_user_id: int) -> Handover:
    """The accepted handover of a lead to this rep; NotYourLead otherwise."""
    rep = await rep_by_telegram_id(session, rep_user_id)
    handover = await latest_accepted(session, lead_id)
    if rep is None or handover is None or handover.rep_id != rep.id:
        raise NotYourLead(f"user {rep_user_id} has no accepted handover of lead {lead_id}")
    return handover


async def card_handover(session: AsyncSession, lead_id: int, rep_user_id: int) -> Handover:
    """The handover whose card this rep may read: accepted by them, or offered to them and
    not yet decided (a rep looks before accepting); NotYourLead otherwise."""
    try:
        return await assigned_lead(session, lead_id, rep_user_id)
    except NotYourLead:
        rep = await rep_by_telegram_id(session, rep_user_id)
        offered = await offered_handover(session, lead_id, rep.id) if rep else None
        if offered is None:
            raise
        return offered


async def offered_to(session: AsyncSession, rep_user_id: int) -> list[Lead]:
    """The leads offered to a rep that they have not yet accepted or rejected."""
    rep = await rep_by_telegram_id(session, rep_user_id)
    return [] if rep is None else await offered_leads(session, rep.id)


async def mark(
    session: AsyncSession, lead_id: int, rep_user_id: int, target: Stage, now: datetime
) -> Lead:
    """A rep moves their lead to SQL, won or lost (the state machine decides what is legal)."""
    await assigned_lead(session, lead_id, rep_user_id)
    lead = await _lead(session, lead_id)
    await lifecycle.move(session, lead, target, reason=f"marked by rep {rep_user_id}", now=now)
    return lead


async def take_over(
    session: AsyncSession, content: Content, lead_id: int, rep_user_id: int, now: datetime
) -> tuple[Lead, Rep]:
    """The rep talks to the prospect through the bot until they release the chat."""
    accepted = await assigned_lead(session, lead_id, rep_user_id)
    lead = await _lead(session, lead_id)
    rep = await get_rep(session, accepted.rep_id) if accepted.rep_id else None
    if rep is None:
        raise NotYourLead(f"handover {accepted.id} has no rep any more")
    if not may_write_to(lead):
        raise NotYourLead(f"lead {lead_id} withdrew or declined: nobody writes to them")
    busy = await lead_taken_over_by(session, rep_user_id)
    if busy is not None and busy.id != lead.id:
        raise OneAtATime(busy.id)
    lead.taken_over_by = rep.id
    notice = Notice("rep.prospect_takeover", {"rep": rep.name})
    enqueue(session, lead_id=lead.id, chat_id=lead.chat_id, notice=notice, now=now)
    return lead, rep


def may_write_to(lead: Lead) -> bool:
    """A rep writes to a prospect only while consent stands and the prospect has not said no."""
    return lead.consent_state == ConsentState.GRANTED and lead.lifecycle not in CLOSED


async def taken_over_lead(session: AsyncSession, rep_user_id: int) -> Lead | None:
    """The lead a rep is talking to right now, if any."""
    return await lead_taken_over_by(session, rep_user_id)


async def release(
    session: AsyncSession, content: Content, rep_user_id: int, now: datetime
) -> Lead | None:
    """Give the chat back to the bot."""
    lead = await taken_over_lead(session, rep_user_id)
    if lead is not None:
        lead.taken_over_by = None
        notice = Notice("rep.prospect_released")
        enqueue(session, lead_id=lead.id, chat_id=lead.chat_id, notice=notice, now=now)
    return lead


async def relay_to_rep(
    session: AsyncSession, content: Content, lead: Lead, text: str, now: datetime
) -> None:
    """A prospect's message during a takeover goes to the rep, not to the bot."""
    rep = await get_rep(session, lead.taken_over_by) if lead.taken_over_by else None
    if rep is None:
        lead.taken_over_by = None
        return
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    for part in split_for_telegram(text):
        values = {"name": name, "text": part}
        notice = Notice("rep.relayed", values, locale=rep_locale(rep, content))
        enqueue(session, lead_id=lead.id, chat_id=rep.telegram_user_id, notice=notice, now=now)


def split_for_telegram(text: str, size: int = RELAY_PART) -> list[str]:
    """A long message in parts that fit one Telegram message each, with the name before it."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def relay_to_prospect(session: AsyncSession, lead: Lead, text: str, now: datetime) -> None:
    """A rep's message during a takeover goes to the prospect and into the transcript."""
    notice = Notice(VERBATIM, {"text": text})
    enqueue(session, lead_id=lead.id, chat_id=lead.chat_id, notice=notice, now=now)
    record_message(session, lead, direction=Direction.OUT, text=text, now=now)


async def _lead(session: AsyncSession, lead_id: int) -> Lead:
    lead = await get_lead(session, lead_id)
    if lead is None:
        raise NotYourLead(f"lead {lead_id} does not exist")
    return lead
