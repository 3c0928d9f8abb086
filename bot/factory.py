"""The one place that builds the Dispatcher, for `run`, `chat`, `webhook` and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.dialogs.routers import get_routers
from bot.jobs.outbox import deliver_outbox
from bot.middlewares.content import ContentMiddleware
from bot.middlewares.database import DatabaseSessionMiddleware
from bot.middlewares.idempotency import IdempotencyMiddleware
from bot.middlewares.locale import LocaleMiddleware
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
    # The chats this process sends to; None: all of them. A console sends only to its own,
    # and leaves the rest in the outbox for the console (or bot) of that chat.
    chats: frozenset[int] | None = None


def build_dispatcher(deps: Dependencies) -> Dispatcher:
    """A Dispatcher with the middlewares in their order and every router attached."""
    dispatcher = Dispatcher(
        settings=deps.settings,
        sessionmaker=deps.sessionmaker,
        content_store=deps.content_store,
        clock=deps.clock,
        erasure_key=deps.erasure_key,
    )
    # Order matters. aiogram's error middleware wraps all of these and hands failures to
    # the error router (bot/dialogs/errors.py). The outbox sends after the session has
    # committed: everything a handler sends is written to it in the transaction (send on
    # commit); idempotency writes in the session's transaction, so it sits inside it.
    # The lead is loaded by the prospect routers only (bot/dialogs/__init__.py).
    dispatcher.update.outer_middleware(
        OutboxMiddleware(lambda bot, ids: deliver_outbox(deps, bot, ids=ids))
    )
    dispatcher.update.outer_middleware(
        DatabaseSessionMiddleware(
            deps.sessionmaker, deps.clock, connections=deps.settings.database_pool_size
        )
    )
    dispatcher.update.outer_middleware(IdempotencyMiddleware(deps.clock))
    dispatcher.update.outer_middleware(ContentMiddleware(deps.content_store))
    dispatcher.update.outer_middleware(LocaleMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher
