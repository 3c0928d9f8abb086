"""Texts of single messages built from content/: notices, library items, lists, reports."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from bot.content.catalog import Content
from bot.content.errors import ContentError
from bot.content.library import LibraryItem
from bot.content.texts import Texts
from bot.presentation.card_parts import named
from storage.models import Lead

_BOLD = re.compile(r"\*\*(.+?)\*\*")


def markdown_to_html(text: str) -> str:
    """The little Markdown our notices use (bold, paragraphs), as Telegram HTML."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def consent_question(content: Content, locale: str) -> str:
    """The consent question with the notice's version and link."""
    notice = content.privacy.get(locale) or next(iter(content.privacy.values()))
    link = content.texts.get(locale, "consent.link", url=notice.url) if notice.url else ""
    return content.texts.raw(locale, "consent.ask", version=html.escape(notice.version), link=link)


def privacy_notice(content: Content, locale: str) -> str:
    """The full privacy notice."""
    notice = content.privacy.get(locale) or next(iter(content.privacy.values()))
    header = content.texts.get(locale, "privacy.header", version=notice.version)
    return f"{header}\n\n{markdown_to_html(notice.body)}"


def find_item(content: Content, item_id: str, locale: str) -> LibraryItem | None:
    """The item in the prospect's language, else in any language."""
    matches = [item for item in content.library if item.id == item_id]
    return next((i for i in matches if i.locale == locale), matches[0] if matches else None)


def item_text(content: Content, locale: str, item: LibraryItem) -> str:
    """Title, body and link as Telegram HTML."""
    parts = [f"<b>{html.escape(item.title, quote=False)}</b>"]
    if item.body:
        parts.append(markdown_to_html(item.body))
    if item.link:
        label = content.texts.get(locale, "library.online")
        parts.append(f'<a href="{html.escape(item.link)}">{label}</a>')
    return "\n\n".join(parts)


def menu_items(content: Content, locale: str) -> list[LibraryItem]:
    """The library in one language, by buying stage, then by title."""
    stages = [*content.stages.order, "customer"]
    return sorted(
        (item for item in content.library if item.locale == locale),
        key=lambda item: (stages.index(item.stage) if item.stage in stages else 99, item.title),
    )


def lead_name(lead: Lead) -> str:
    """First and last name as the prospect gave them, or a dash."""
    return " ".join(part for part in (lead.first_name, lead.last_name) if part) or "—"


def rep_leads_text(
    texts: Texts, locale: str, leads: Sequence[Lead], offered: Sequence[Lead] = ()
) -> str:
    """A rep's open leads and those offered to them, one line each, or that there are none."""
    if not leads and not offered:
        return texts.get(locale, "rep.no_leads")
    lines = [texts.get(locale, "rep.leads_header")] if leads else []
    lines += [_lead_line(texts, locale, lead) for lead in leads]
    if offered:
        lines.append(texts.get(locale, "card.offered_header"))
        lines += [_lead_line(texts, locale, lead) for lead in offered]
    return "\n".join(lines)


def _lead_line(texts: Texts, locale: str, lead: Lead) -> str:
    return texts.get(
        locale,
        "rep.lead_line",
        id=lead.id,
        lifecycle=named(texts, locale, "lifecycle", lead.lifecycle),
        temperature=named(texts, locale, "temperatures", lead.temperature),
        name=lead_name(lead),
    )


def content_report(error: ContentError, limit: int = 20) -> str:
    """A short report of what is wrong in content/, for an admin chat (developer-facing)."""
    lines = [str(problem) for problem in error.problems[:limit]]
    more = len(error.problems) - limit
    if more > 0:
        lines.append(f"… and {more} more (leadbot content check lists all)")
    return "content/ was not reloaded, the last good version keeps running:\n" + "\n".join(lines)
