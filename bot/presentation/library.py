"""Library items as Telegram HTML, for the /menu and for follow-ups that send an item."""

from __future__ import annotations

import html

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.dialogs.render import markdown_to_html


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
