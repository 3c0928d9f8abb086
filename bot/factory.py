"""The one place that builds the Dispatcher, for `run`, `chat`, `webhook` and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.dialogs import get_routers
from bot.jobs.outbox import deliver_outbox
from bot.middlewares.content import ContentMiddleware
from bot.middlewares.database import DatabaseSessionMiddleware
from bot.middlewares.errors import ErrorBoundaryMiddleware
from bot.middlewares.idempotency import IdempotencyMiddleware
from bot.middlewares.lead import LeadMiddleware
from bot.middlewares.outbox import OutboxMiddleware
from bot.qualify.clock import Clock
from bot.settings import Settings


@dataclass(frozen=True)
class Dependencies:
    """Long-lived objects every handler may ask for by name."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    content_store: ContentStore
    clock: Clock
    erasure_key: bytes


def build_dispatcher(deps: Dependencies) -> Dispatcher:
    """A Dispatcher with the middlewares in their order and every router attached."""
    dispatcher = Dispatcher(
        settings=deps.settings,
        content_store=deps.content_store,
        clock=deps.clock,
        erasure_key=deps.erasure_key,
    )
    # Order matters: the boundary catches everything; idempotency and the lead loader
    # write in the session's transaction, so they sit inside it.
    dispatcher.update.outer_middleware(ErrorBoundaryMiddleware(lambda: deps.content_store.current))
    dispatcher.update.outer_middleware(OutboxMiddleware(lambda bot: deliver_outbox(deps, bot)))
    dispatcher.update.outer_middleware(DatabaseSessionMiddleware(deps.sessionmaker))
    dispatcher.update.outer_middleware(IdempotencyMiddleware(deps.clock))
    dispatcher.update.outer_middleware(ContentMiddleware(deps.content_store))
    dispatcher.update.outer_middleware(LeadMiddleware(deps.clock, deps.settings.default_language))
    dispatcher.include_routers(*get_routers())
    return dispatcher
