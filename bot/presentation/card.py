"""The rep's card of a handover: who, why hot (in words, no rule ids), facts with quotes,
the last messages.

Built when it is delivered (or asked for with /lead), from the lead's rows as they are then.
"""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.content.texts import Texts
from bot.presentation.facts_text import fact_text
from bot.presentation.why_text import why_for
from bot.qualify.vocabulary import Direction, FactKind
from storage.customers import find_customer
from storage.facts import current_facts
from storage.leads import recent_messages
from storage.models import Fact, Handover, Lead

# The facts a rep reads first, in this order.
CARD_FACTS = (
    FactKind.BUDGET,
    FactKind.AUTHORITY,
    FactKind.NEED,
    FactKind.TIMEFRAME,
    FactKind.COMPANY_SIZE,
    FactKind.ROLE,
)
LAST_MESSAGES = 3
NONE = "—"


async def card_text(
    session: AsyncSession, content: Content, handover: Handover, lead: Lead, locale: str
) -> str:
    """What the rep needs to call the prospect, as HTML in the rep's language."""
    texts = content.texts
    facts = await current_facts(session, lead)
    customer = await find_customer(
        session, telegram_user_id=lead.telegram_user_id, username=lead.username
    )
    why = await why_for(session, content, locale, lead)
    values = {
        "name": " ".join(p for p in (lead.first_name, lead.last_name) if p) or NONE,
        "company": (customer.company if customer and customer.company else NONE),
        "persona": lead.persona or NONE,
        "stage": lead.stage,
        "source": lead.source or NONE,
        "fit": f"{lead.fit_score:g}",
        "grade": lead.fit_grade or NONE,
        "level": lead.engagement_level,
        "temperature": lead.temperature,
        "rules": why,
    }
    return texts.raw(
        locale,
        "rep.card",
        reason=texts.get(locale, f"rep.reason_{handover.reason}"),
        facts="\n".join(_fact_lines(texts, locale, facts)),
        messages="\n".join(await _message_lines(session, texts, locale, lead)),
        **{name: html.escape(str(value), quote=False) for name, value in values.items()},
    )


def _fact_lines(texts: Texts, locale: str, facts: dict[str, Fact]) -> list[str]:
    def value(kind: str) -> str:
        if kind == FactKind.AUTHORITY:  # the prospect reads "you decide"; the rep, the fact
            return texts.get(locale, f"rep.authority_values.{facts[kind].value}")
        return fact_text(texts, locale, kind, facts[kind].value)

    lines = [
        texts.raw(
            locale,
            "rep.fact_line",
            label=texts.get(locale, f"facts.{kind}"),
            value=value(kind),
            quote=html.escape(facts[kind].quote[:120], quote=False),
        )
        for kind in CARD_FACTS
        if kind in facts
    ]
    return lines or [texts.get(locale, "rep.no_facts")]


async def _message_lines(
    session: AsyncSession, texts: Texts, locale: str, lead: Lead
) -> list[str]:
    newest_first = await recent_messages(
        session, lead.id, limit=LAST_MESSAGES, direction=Direction.IN
    )
    lines = [
        texts.get(locale, "rep.message_line", text=text[:200]) for text in reversed(newest_first)
    ]
    return lines or [texts.get(locale, "rep.no_messages")]
