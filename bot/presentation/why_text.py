"""The "why" line of a lead in a language, as plain text (the rep's card escapes it)."""

from __future__ import annotations

import html
import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.presentation.facts_text import fact_text
from bot.qualify.dialog.state import DialogState
from bot.qualify.why import LabelFacts, why_line
from storage.engagement import event_counts, fact_values, leads_by_id
from storage.models import Lead

TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """HTML from the texts as plain words."""
    return html.unescape(TAG.sub("", markup))


def why_text(content: Content, locale: str, label: LabelFacts) -> str:
    """Why the lead has its label, in words from content/."""
    texts = content.texts

    def value(kind: str, fact: Any) -> str:
        try:
            return plain(fact_text(texts, locale, kind, fact))
        except (AttributeError, KeyError, TypeError):  # a value of an older shape
            return str(fact)

    return why_line(
        content.scoring, locale, label, value, lambda kind: texts.get(locale, f"facts.{kind}")
    )


def label_facts(lead: Lead, facts: dict[str, Any], events: dict[str, int]) -> LabelFacts:
    """What the line is built from, for one lead."""
    return LabelFacts(
        temperature=lead.temperature,
        facts={**facts, "persona": lead.persona},
        events=events,
        is_customer=lead.is_customer,
        skipped=DialogState.of(lead).skipped,
    )


async def why_for(session: AsyncSession, content: Content, locale: str, lead: Lead) -> str:
    """The line for one lead, read from the database."""
    facts = (await fact_values(session, [lead.id])).get(lead.id, {})
    events = (await event_counts(session, [lead.id])).get(lead.id, {})
    return why_text(content, locale, label_facts(lead, facts, events))


async def why_lines(
    session: AsyncSession, content: Content, locale: str, lead_ids: list[int]
) -> dict[int, str]:
    """The line for each of many leads, in three queries."""
    leads = await leads_by_id(session, lead_ids)
    facts = await fact_values(session, lead_ids)
    events = await event_counts(session, lead_ids)
    return {
        lead_id: why_text(
            content, locale, label_facts(lead, facts.get(lead_id, {}), events.get(lead_id, {}))
        )
        for lead_id, lead in leads.items()
    }
