"""Turning content into Telegram HTML."""

from __future__ import annotations

import html
import re

from bot.content.catalog import Content

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
