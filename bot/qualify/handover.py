"""Handing a lead to a person: routing, the rep's card, accept and reject.

Every message this causes is written to the outbox in the same transaction as the change,
so a crash between the two loses nothing: the outbox worker delivers after a restart.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.qualify import lifecycle, nurture
from bot.qualify.business_time import business_deadline
from bot.qualify.facts_text import fact_text
from bot.qualify.lifecycle import Stage
from storage.customers import find_customer
from storage.facts import current_facts
from storage.models import Handover, Lead, Message, Outbox, Rep
from storage.reps import route

log = logging.getLogger(__name__)
REASONS = ("no_fit", "no_budget", "timing", "duplicate", "other")


def button_data(action: str, handover_id: int, reason: str = "") -> str:
    """Callback data of a rep's button, packed as bot.dialogs.callbacks.HandoverCallback."""
    return f"h:{action}:{handover_id}:{reason}"


BANT = ("budget", "authority", "need", "timeframe", "company_size", "role")


@dataclass(frozen=True)
class SlaPolicy:
    """How long a rep has to accept, in business time, and where it goes after that."""

    minutes: int
    max_tries: int
    hours: str
    days: str
    zone: str
    manager_chat_id: int | None


class NotYourLead(PermissionError):
    """A rep acted on a handover assigned to someone else (or not at all)."""


def enqueue(
    session: AsyncSession,
    *,
    lead_id: int,
    chat_id: int,
    text: str,
    now: datetime,
    buttons: list[list[list[str]]] | None = None,
) -> None:
    """Write a message to the outbox; it is sent once the transaction commits."""
    session.add(
        Outbox(
            kind="telegram",
            lead_id=lead_id,
            chat_id=chat_id,
            text=text,
            buttons=buttons or [],
            status="pending",
            attempts=0,
            due_at=now,
            created_at=now,
        )
    )
    session.info["outbox"] = True


def rep_locale(rep: Rep, content: Content) -> str:
    """The rep's first language that the content speaks."""
    for language in rep.languages or []:
        if language in content.texts.locales():
            return str(language)
    return content.texts.fallback


async def card(
    session: AsyncSession, content: Content, handover: Handover, lead: Lead, locale: str
) -> str:
    """What the rep needs to call the prospect: who, why hot, facts with quotes, messages."""
    texts = content.texts
    facts = await current_facts(session, lead)
    customer = await find_customer(
        session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )

    def value(kind: str) -> str:
        if kind == "authority":  # the prospect reads "you decide"; the rep needs the fact
            return texts.get(locale, f"rep.authority_values.{facts[kind].value}")
        return fact_text(texts, locale, kind, facts[kind].value)

    fact_lines = [
        texts.raw(
            locale,
            "rep.fact_line",
            label=texts.get(locale, f"facts.{kind}"),
            value=value(kind),
            quote=html.escape(facts[kind].quote[:120], quote=False),
        )
        for kind in BANT
        if kind in facts
    ] or [texts.get(locale, "rep.no_facts")]
    messages = list(
        await session.scalars(
            select(Message.text)
            .where(Message.lead_id == lead.id, Message.direction == "in")
            .order_by(Message.id.desc())
            .limit(3)
        )
    )
    message_lines = [
        texts.get(locale, "rep.message_line", text=text[:200]) for text in reversed(messages)
    ] or [texts.get(locale, "rep.no_messages")]
    values = {
        name: html.escape(str(value), quote=False)
        for name, value in {
            "name": " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—",
            "company": (customer.company if customer and customer.company else "—"),
            "persona": lead.persona or "—",
            "stage": lead.stage,
            "source": lead.source or "—",
            "fit": f"{lead.fit_score:g}",
            "grade": lead.fit_grade or "—",
            "level": lead.engagement_level,
            "temperature": lead.temperature,
        }.items()
    }
    from bot.qualify.scoring import fit

    result = fit(
        content.scoring,
        {kind: fact.value for kind, fact in facts.items()} | {"persona": lead.persona},
    )
    rules = ", ".join(f"{rule.id} +{rule.points}" for rule in result.rules) or "—"
    return texts.raw(
        locale,
        "rep.card",
        reason=texts.get(locale, f"rep.reason_{handover.reason}"),
        rules=html.escape(rules, quote=False),
        facts="\n".join(fact_lines),
        messages="\n".join(message_lines),
        **values,
    )


async def open_handover(
    session: AsyncSession, content: Content, lead: Lead, reason: str, now: datetime
) -> Handover:
    """Create the handover, route it to a rep and put the rep's card in the outbox."""
    handover = Handover(lead_id=lead.id, reason=reason, status="pending", created_at=now)
    session.add(handover)
    await session.flush()
    rep = await account_owner(session, lead) or await route(session, lead)
    if rep is not None:
        await offer(session, content, handover, lead, rep, now)
    return handover


async def account_owner(session: AsyncSession, lead: Lead) -> Rep | None:
    """An existing customer's account owner (by rep name or Telegram id), if available."""
    if not lead.is_customer:
        return None
    customer = await find_customer(
        session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )
    owner = (customer.account_owner or "").strip() if customer else ""
    if not owner:
        return None
    condition = (
        Rep.telegram_user_id == int(owner)
        if owner.isdigit()
        else func.lower(Rep.name) == owner.lower()
    )
    rep = await session.scalar(select(Rep).where(condition, Rep.available.is_(True)))
    if rep is not None:
        rep.assigned += 1
    return rep


async def offer(
    session: AsyncSession,
    content: Content,
    handover: Handover,
    lead: Lead,
    rep: Rep,
    now: datetime,
) -> None:
    """Offer the handover to one rep with Accept and Reject buttons."""
    handover.rep_id, handover.status, handover.offered_at = rep.id, "offered", now
    locale = rep_locale(rep, content)
    texts = content.texts
    enqueue(
        session,
        lead_id=lead.id,
        chat_id=rep.telegram_user_id,
        now=now,
        text=await card(session, content, handover, lead, locale),
        buttons=[
            [
                [texts.get(locale, "rep.accept"), button_data("accept", handover.id)],
                [texts.get(locale, "rep.reject"), button_data("reject", handover.id)],
            ]
        ],
    )


async def check_owner(
    session: AsyncSession, handover_id: int, rep_user_id: int
) -> tuple[Handover, Rep]:
    handover = await session.get(Handover, handover_id)
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == rep_user_id))
    if handover is None or rep is None or handover.rep_id != rep.id:
        raise NotYourLead(f"user {rep_user_id} may not decide handover {handover_id}")
    if handover.status != "offered":
        raise NotYourLead(f"handover {handover_id} is {handover.status}, not open")
    return handover, rep


async def accept(
    session: AsyncSession, content: Content, handover_id: int, rep_user_id: int, now: datetime
) -> Lead:
    """The rep takes the lead: it becomes SAL and the prospect is told who will call."""
    handover, rep = await check_owner(session, handover_id, rep_user_id)
    lead = await session.get(Lead, handover.lead_id)
    assert lead is not None
    handover.status, handover.decided_at = "accepted", now
    for step in (Stage.ENGAGED, Stage.MQL, Stage.SAL):
        if lifecycle.can_move(lead.lifecycle, step):
            await lifecycle.move(session, lead, step, reason=f"accepted by {rep.name}", now=now)
    await nurture.replan(session, lead, content.nurture, now)
    enqueue(
        session,
        lead_id=lead.id,
        chat_id=lead.chat_id,
        now=now,
        text=content.texts.get(lead.language, "rep.prospect_accepted", rep=rep.name),
    )
    return lead


async def reject(
    session: AsyncSession,
    content: Content,
    handover_id: int,
    rep_user_id: int,
    reason: str,
    now: datetime,
) -> Lead:
    """The rep declines with a reason: the lead is recycled into nurturing."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    handover, rep = await check_owner(session, handover_id, rep_user_id)
    lead = await session.get(Lead, handover.lead_id)
    assert lead is not None
    handover.status, handover.decided_at, handover.decision_note = "rejected", now, reason
    if lifecycle.can_move(lead.lifecycle, Stage.RECYCLED):
        await lifecycle.move(
            session, lead, Stage.RECYCLED, reason=f"rejected by {rep.name}: {reason}", now=now
        )
    await nurture.replan(session, lead, content.nurture, now)
    return lead


async def enforce_sla(
    session: AsyncSession, content: Content, policy: SlaPolicy, now: datetime
) -> dict[str, int]:
    """Offers not accepted in time go to the next rep; after max_tries, to the manager chat."""
    outcomes = {"reassigned": 0, "escalated": 0}
    waiting = list(
        await session.scalars(select(Handover).where(Handover.status.in_(["offered", "pending"])))
    )
    for handover in waiting:
        if handover.status == "pending":
            # Nobody was available when it opened: try again now, and count the SLA from
            # the opening, so an unrouted lead still reaches the manager in time.
            waiting_lead = await session.get(Lead, handover.lead_id)
            assert waiting_lead is not None
            rep = await route(session, waiting_lead, skip=set(handover.tried_rep_ids or []))
            if rep is not None:
                await offer(session, content, handover, waiting_lead, rep, now)
                outcomes["reassigned"] += 1
                continue
        deadline = business_deadline(
            handover.offered_at or handover.created_at,
            policy.minutes,
            hours=policy.hours,
            days=policy.days,
            zone=policy.zone,
        )
        if now < deadline:
            continue
        lead = await session.get(Lead, handover.lead_id)
        previous = await session.get(Rep, handover.rep_id) if handover.rep_id else None
        tried = [*(handover.tried_rep_ids or []), *([previous.id] if previous else [])]
        handover.tried_rep_ids = tried
        assert lead is not None
        following = (
            await route(session, lead, skip=set(tried)) if len(tried) < policy.max_tries else None
        )
        if previous is not None:
            locale = rep_locale(previous, content)
            enqueue(
                session,
                lead_id=lead.id,
                chat_id=previous.telegram_user_id,
                now=now,
                text=content.texts.get(locale, "rep.reassigned", minutes=policy.minutes),
            )
        if following is not None:
            await offer(session, content, handover, lead, following, now)
            outcomes["reassigned"] += 1
            continue
        handover.status, handover.escalated_at, handover.rep_id = "escalated", now, None
        outcomes["escalated"] += 1
        if policy.manager_chat_id is None:
            log.error("handover %s escalated, but LEADBOT_MANAGER_CHAT_ID is not set", handover.id)
            continue
        locale = content.texts.fallback
        text = content.texts.get(locale, "rep.escalated", tries=len(tried))
        enqueue(
            session,
            lead_id=lead.id,
            chat_id=policy.manager_chat_id,
            now=now,
            text=text + "\n\n" + await card(session, content, handover, lead, locale),
        )
    return outcomes


async def rep_leads(session: AsyncSession, rep_user_id: int) -> list[Lead]:
    """The leads a rep has accepted and not yet won or lost."""
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == rep_user_id))
    if rep is None:
        return []
    return list(
        await session.scalars(
            select(Lead)
            .join(Handover, Handover.lead_id == Lead.id)
            .where(
                Handover.rep_id == rep.id,
                Handover.status == "accepted",
                Lead.lifecycle.in_([Stage.SAL, Stage.SQL]),
            )
            .order_by(Lead.id)
        )
    )


async def assigned_lead(session: AsyncSession, lead_id: int, rep_user_id: int) -> Handover:
    """The accepted handover of a lead to this rep; NotYourLead otherwise."""
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == rep_user_id))
    handover = await session.scalar(
        select(Handover)
        .where(Handover.lead_id == lead_id, Handover.status == "accepted")
        .order_by(Handover.id.desc())
    )
    if rep is None or handover is None or handover.rep_id != rep.id:
        raise NotYourLead(f"user {rep_user_id} has no accepted handover of lead {lead_id}")
    return handover


async def mark(
    session: AsyncSession, lead_id: int, rep_user_id: int, target: Stage, now: datetime
) -> Lead:
    """A rep moves their lead to SQL, won or lost (the state machine decides what is legal)."""
    await assigned_lead(session, lead_id, rep_user_id)
    lead = await session.get(Lead, lead_id)
    assert lead is not None
    await lifecycle.move(session, lead, target, reason=f"marked by rep {rep_user_id}", now=now)
    return lead


async def take_over(
    session: AsyncSession, content: Content, lead_id: int, rep_user_id: int, now: datetime
) -> tuple[Lead, Rep]:
    """The rep talks to the prospect through the bot until they release the chat."""
    accepted = await assigned_lead(session, lead_id, rep_user_id)
    lead = await session.get(Lead, lead_id)
    rep = await session.get(Rep, accepted.rep_id)
    assert lead is not None and rep is not None
    lead.taken_over_by = rep.id
    enqueue(
        session,
        lead_id=lead.id,
        chat_id=lead.chat_id,
        now=now,
        text=content.texts.get(lead.language, "rep.prospect_takeover", rep=rep.name),
    )
    return lead, rep


async def taken_over_lead(session: AsyncSession, rep_user_id: int) -> Lead | None:
    """The lead a rep is talking to right now, if any."""
    return await session.scalar(
        select(Lead)
        .join(Rep, Lead.taken_over_by == Rep.id)
        .where(Rep.telegram_user_id == rep_user_id)
    )


async def release(
    session: AsyncSession, content: Content, rep_user_id: int, now: datetime
) -> Lead | None:
    """Give the chat back to the bot."""
    lead = await taken_over_lead(session, rep_user_id)
    if lead is not None:
        lead.taken_over_by = None
        enqueue(
            session,
            lead_id=lead.id,
            chat_id=lead.chat_id,
            now=now,
            text=content.texts.get(lead.language, "rep.prospect_released"),
        )
    return lead


async def relay_to_rep(
    session: AsyncSession, content: Content, lead: Lead, text: str, now: datetime
) -> None:
    """A prospect's message during a takeover goes to the rep, not to the bot."""
    rep = await session.get(Rep, lead.taken_over_by)
    if rep is None:
        lead.taken_over_by = None
        return
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    enqueue(
        session,
        lead_id=lead.id,
        chat_id=rep.telegram_user_id,
        now=now,
        text=content.texts.get(rep_locale(rep, content), "rep.relayed", name=name, text=text),
    )


def relay_to_prospect(session: AsyncSession, lead: Lead, text: str, now: datetime) -> None:
    """A rep's message during a takeover goes to the prospect and into the transcript."""
    enqueue(
        session,
        lead_id=lead.id,
        chat_id=lead.chat_id,
        now=now,
        text=html.escape(text, quote=False),
    )
    session.add(Message(lead_id=lead.id, direction="out", text=text, sent_at=now))
