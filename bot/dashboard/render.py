"""Pages as HTML: jinja2 templates with autoescaping, the words from content/locales."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.content.texts import Texts
from bot.dashboard.texts import Words

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Nothing but our own stylesheet; no scripts, no frames, no referrer with a lead id in it.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def environment() -> jinja2.Environment:
    """The template environment; a missing variable is an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def locale_of(request: web.Request, default: str, locales: tuple[str, ...]) -> str:
    """The first language of the browser's Accept-Language the content speaks."""
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";", 1)[0].strip().lower()[:2]
        if code in locales:
            return code
    return default


def page(
    env: jinja2.Environment,
    template: str,
    *,
    texts: Texts,
    locale: str,
    status: int = 200,
    **context: Any,
) -> web.Response:
    """A rendered page with the dashboard's safety headers."""
    html = env.get_template(template).render(
        t=Words(texts, locale),
        lang=locale,
        signed_in=context.pop("signed_in", True),
        current=context.pop("current", ""),
        **context,
    )
    return web.Response(
        text=html, status=status, content_type="text/html", charset="utf-8", headers=HEADERS
    )
