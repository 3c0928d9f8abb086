"""The lines of the rep's card, each as safe HTML in the rep's language."""

from __future__ import annotations

import html
from typing import Any

from bot.content.texts import Texts
from bot.presentation.facts_text import fact_text
from bot.qualify.vocabulary import FactKind
from storage.card_queries import AskedQuestion, GrantedConsent
from storage.models import Fact, Lead

# The facts a rep reads first, in this order; the contact facts have lines of their own.
CARD_FACTS = (
    FactKind.NEED,
    FactKind.BUDGET,
    FactKind.AUTHORITY,
    FactKind.TIMEFRAME,
    FactKind.COMPANY_SIZE,
    FactKind.ROLE,
)
NOT_LISTED = frozenset(
    {FactKind.CUSTOMER, FactKind.COMPANY, FactKind.PHONE, FactKind.EMAIL, FactKind.CONTACT}
)
LONG = 200  # a quote longer than this is shortened at a word boundary
NONE = "—"


def named(texts: Texts, locale: str, group: str, code: str | None) -> str:
    """A code (stage, lifecycle, temperature) by its name in content/, the code only when
    an editor added one without a name."""
    if code is None:
        return NONE
    key = f"card.{group}.{code}"
    return texts.get(locale, key) if key in texts.by_locale.get(locale, {}) else code


def lifecycle_name(texts: Texts, locale: str, state: str) -> str:
    """A lifecycle state as a rep reads it: "qualified (SQL)", not "sql"."""
    return named(texts, locale, "lifecycle", state)


def shorten(text: str, limit: int = LONG) -> str:
    """The whole text when it is short; else up to the last word that fits, and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else text[:limit]
    return head.rstrip(",;:.-–—") + "…"


def name_markup(texts: Texts, locale: str, lead: Lead) -> str:
    """The name as a link to the Telegram profile, with the @username when known."""
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or "—"
    link = texts.get(locale, "card.name_link", user_id=lead.telegram_user_id, name=name)
    if lead.username:
        link += texts.get(locale, "card.username", username=lead.username)
    return link


def consent_text(texts: Texts, locale: str, consent: GrantedConsent | None) -> str:
    """When they agreed and to which notice; a warning when consent does not stand."""
    if consent is None:
        return texts.get(locale, "card.consent_missing")
    date = consent.granted_at.strftime(texts.get(locale, "card.date_format"))
    marketing = texts.get(locale, "card.consent_marketing") if consent.marketing else ""
    return texts.raw(
        locale,
        "card.consent_granted",
        date=html.escape(date, quote=False),
        version=html.escape(consent.version, quote=False),
        marketing=marketing,
    )


def contact_text(texts: Texts, locale: str, lead_id: int, values: dict[str, Any]) -> str:
    """The phone number and email address shared, and Telegram when that is their wish."""
    parts = []
    if values.get(FactKind.PHONE):
        parts.append(texts.get(locale, "card.contact_phone", phone=values[FactKind.PHONE]))
    if values.get(FactKind.EMAIL):
        parts.append(texts.get(locale, "card.contact_email", email=values[FactKind.EMAIL]))
    if values.get(FactKind.CONTACT) == "telegram":
        parts.append(texts.get(locale, "card.contact_telegram", id=lead_id))
    return " · ".join(parts) or texts.get(locale, "card.contact_none", id=lead_id)


def fact_lines(texts: Texts, locale: str, facts: dict[str, Fact]) -> list[str]:
    """Every fact with its value and the prospect's own words, the usual ones first."""
    kinds: list[str] = [kind for kind in CARD_FACTS if kind in facts]
    kinds += sorted(kind for kind in facts if kind not in kinds and kind not in NOT_LISTED)
    lines = [
        texts.raw(
            locale,
            "rep.fact_line",
            label=_label(texts, locale, kind),
            value=_value(texts, locale, kind, facts[kind].value),
            quote=html.escape(shorten(facts[kind].quote), quote=False),
        )
        for kind in kinds
    ]
    return lines or [texts.get(locale, "rep.no_facts")]


def question_lines(texts: Texts, locale: str, asked: list[AskedQuestion]) -> list[str]:
    """The questions asked, those the bot could not answer marked for the rep."""
    lines = [
        texts.get(
            locale,
            "card.question_answered" if question.answered else "card.question_open",
            text=shorten(question.text),
        )
        for question in asked
    ]
    return lines or [texts.get(locale, "card.no_questions")]


def _label(texts: Texts, locale: str, kind: str) -> str:
    for key in (f"card.fact_labels.{kind}", f"facts.{kind}"):
        if key in texts.by_locale.get(locale, {}):
            return texts.get(locale, key)
    return html.escape(kind, quote=False)


def _value(texts: Texts, locale: str, kind: str, value: Any) -> str:
    if kind == FactKind.AUTHORITY:  # the prospect reads "you decide"; the rep, the fact
        return texts.get(locale, f"rep.authority_values.{value}")
    if kind == FactKind.NEED:  # the whole need follows in the quote
        need = str(value.get("text", "")) if isinstance(value, dict) else str(value)
        return html.escape(shorten(need, 80), quote=False)
    try:
        return fact_text(texts, locale, kind, value)
    except (AttributeError, KeyError, TypeError):  # a value of an older shape
        return html.escape(str(value), quote=False)
