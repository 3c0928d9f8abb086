"""The rep's card of a handover: the lead's number, who (with a link to their Telegram
profile), how to reach them and that they consented, why now in words, every fact with its
whole quote, the questions they asked, the last messages and the step to take next.

Built when it is delivered (or asked for with /lead), from the lead's rows as they are then,
entirely in the rep's language: names from content/, never codes or rule ids.
"""

from __future__ import annotations

import html
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.texts import Texts
from bot.presentation.card_parts import (
    consent_text,
    contact_text,
    fact_lines,
    name_markup,
    named,
    question_lines,
    shorten,
)
from bot.presentation.why_text import why_for
from bot.qualify.next_step import next_step, reach
from bot.qualify.vocabulary import Direction, FactKind, HandoverReason
from storage.card_queries import questions_asked, standing_consent
from storage.customers import find_customer
from storage.engagement import event_counts
from storage.facts import current_facts
from storage.leads import recent_messages
from storage.models import Handover, Lead

LAST_MESSAGES = 3
QUESTIONS = 5
NONE = "—"


def persona_name(content: Content, locale: str, persona: str | None) -> str:
    """The persona as content/personas.yaml names it in the rep's language."""
    entry = content.personas.personas.get(persona or "")
    if entry is None:
        return content.texts.get(locale, "card.no_persona")
    names: dict[str, str] = {str(key): value for key, value in entry.name.items()}
    return names.get(locale) or next(iter(names.values()), persona or NONE)


async def card_text(
    session: AsyncSession, content: Content, handover: Handover, lead: Lead, locale: str
) -> str:
    """What the rep needs to call the prospect, as HTML in the rep's language."""
    texts = content.texts
    facts = await current_facts(session, lead)
    values = {kind: fact.value for kind, fact in facts.items()}
    events = (await event_counts(session, [lead.id])).get(lead.id, {})
    customer = lead.is_customer or handover.reason == HandoverReason.CUSTOMER
    step = texts.get(locale, f"card.next_steps.{next_step(values, events, customer)}")
    return texts.raw(
        locale,
        "rep.card",
        id=str(lead.id),
        reason=texts.get(locale, f"rep.reason_{handover.reason}"),
        name=name_markup(texts, locale, lead),
        company=await _company(session, texts, locale, lead, values),
        consent=consent_text(texts, locale, await standing_consent(session, lead.id)),
        contact=contact_text(texts, locale, lead.id, values),
        rules=await _why(session, content, locale, lead),
        facts="\n".join(fact_lines(texts, locale, facts)),
        questions="\n".join(
            question_lines(texts, locale, await questions_asked(session, lead.id, QUESTIONS))
        ),
        messages="\n".join(await _message_lines(session, texts, locale, lead)),
        next_step=texts.raw(
            locale,
            "card.next_step_line",
            step=step,
            reach=texts.get(locale, f"card.reach.{reach(values)}"),
        ),
        **_labels(content, locale, lead),
    )


def _labels(content: Content, locale: str, lead: Lead) -> dict[str, str]:
    texts = content.texts
    values = {
        "source": lead.source or texts.get(locale, "card.no_source"),
        "fit": f"{lead.fit_score:g}",
        "grade": lead.fit_grade or NONE,
        "level": str(lead.engagement_level),
    }
    return {
        **{name: html.escape(value, quote=False) for name, value in values.items()},
        "persona": html.escape(persona_name(content, locale, lead.persona), quote=False),
        "stage": named(texts, locale, "stages", lead.stage),
        "temperature": named(texts, locale, "temperatures", lead.temperature),
    }


async def _company(
    session: AsyncSession, texts: Texts, locale: str, lead: Lead, values: dict[str, Any]
) -> str:
    said = values.get(FactKind.COMPANY)
    if not said:
        customer = await find_customer(
            session, telegram_user_id=lead.telegram_user_id, username=lead.username
        )
        said = customer.company if customer else None
    if not said:
        return texts.get(locale, "card.no_company")
    return html.escape(str(said), quote=False)


async def _why(session: AsyncSession, content: Content, locale: str, lead: Lead) -> str:
    """The reasons without the label in front: the card names the temperature itself."""
    why = await why_for(session, content, locale, lead)
    reasons = why.removeprefix(f"{lead.temperature}:").strip()
    return html.escape(reasons if reasons and why != lead.temperature else NONE, quote=False)


async def _message_lines(
    session: AsyncSession, texts: Texts, locale: str, lead: Lead
) -> list[str]:
    newest_first = await recent_messages(
        session, lead.id, limit=LAST_MESSAGES, direction=Direction.IN
    )
    lines = [
        texts.get(locale, "rep.message_line", text=shorten(text))
        for text in reversed(newest_first)
    ]
    return lines or [texts.get(locale, "rep.no_messages")]
