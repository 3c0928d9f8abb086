"""What every page shares, built once when the dashboard starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import jinja2
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.catalog import Content
from bot.dashboard.auth import Gate
from bot.dashboard.render import environment, locale_of
from bot.dashboard.render import page as render_page
from bot.dashboard.snapshots import Snapshots
from bot.qualify.clock import Clock, system_clock


@dataclass
class Dashboard:
    """The database, the content the words come from, the login gate and the clock."""

    sessions: async_sessionmaker[AsyncSession]
    content: Content
    gate: Gate
    default_language: str = "en"
    clock: Clock = system_clock
    per_page: int = 50
    # How long figures over every lead are kept (bot/dashboard/snapshots.py), and whether
    # the all-time ones are recomputed in the background (the server does; tests need not).
    fresh_for: timedelta = timedelta(minutes=5)
    warm: bool = False
    env: jinja2.Environment = field(default_factory=environment)
    snapshots: Snapshots = field(init=False)

    def __post_init__(self) -> None:
        self.snapshots = Snapshots(self.fresh_for, self.clock)

    @property
    def personas(self) -> list[str]:
        """The personas content/ defines: the persona filter's values."""
        return list(self.content.personas.personas)

    def locale(self, request: web.Request) -> str:
        """The language of this request's pages."""
        return locale_of(request, self.default_language, self.content.texts.locales())

    def page(
        self, request: web.Request, template: str, *, status: int = 200, **context: Any
    ) -> web.Response:
        """A page in the request's language."""
        return render_page(
            self.env,
            template,
            texts=self.content.texts,
            locale=self.locale(request),
            status=status,
            fresh_minutes=max(1, round(self.fresh_for.total_seconds() / 60)),
            **context,
        )


STATE = web.AppKey("dashboard", Dashboard)
