"""Telegram HTML to terminal text: bold, italics, code and links survive, tags do not."""

from __future__ import annotations

from html.parser import HTMLParser

from rich.text import Text

_STYLES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": "cyan",
    "pre": "cyan",
    "tg-spoiler": "reverse",
    "blockquote": "dim",
}


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = Text()
        self._styles: list[str] = []
        self._links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._links.append(dict(attrs).get("href"))
            self._styles.append("underline blue")
        else:
            self._styles.append(_STYLES.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if self._styles:
            self._styles.pop()
        if tag == "a" and self._links:
            href = self._links.pop()
            if href:
                self.text.append(f" ({href})", style="dim")

    def handle_data(self, data: str) -> None:
        self.text.append(data, style=" ".join(style for style in self._styles if style))


def html_to_text(markup: str) -> Text:
    """Render a Telegram HTML message for a terminal."""
    parser = _TelegramHTML()
    parser.feed(markup)
    parser.close()
    return parser.text
