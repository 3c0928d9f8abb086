"""Wiring for the long-lived commands: settings to engine, migrations, content, dispatcher."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.content.store import ContentStore
from bot.factory import Dependencies, build_dispatcher
from bot.qualify.clock import Clock, system_clock
from bot.settings import Settings
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade


@dataclass(frozen=True)
class App:
    """A ready bot: its database engine, dependencies and dispatcher."""

    engine: AsyncEngine
    deps: Dependencies
    dispatcher: Dispatcher


@asynccontextmanager
async def open_app(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    chats: frozenset[int] | None = None,
) -> AsyncIterator[App]:
    """Bring the database up to date, load content and build the dispatcher (sending to
    `chats` only, if given: a console's own chat)."""
    store = ContentStore(settings.content_dir)
    engine = create_engine(settings.resolved_database_url(), **settings.engine_options())
    try:
        await upgrade(engine)
        deps = Dependencies(
            settings=settings,
            sessionmaker=create_sessionmaker(engine),
            content_store=store,
            clock=clock,
            erasure_key=settings.resolved_secret_key(),
            chats=chats,
        )
        yield App(engine=engine, deps=deps, dispatcher=build_dispatcher(deps))
    finally:
        await engine.dispose()
