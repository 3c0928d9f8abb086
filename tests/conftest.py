"""Fixtures: every database test runs on SQLite and, in CI always, on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Dispatcher
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.content.store import ContentStore
from bot.factory import Dependencies, build_dispatcher
from bot.settings import DEFAULT_CONTENT_DIR, Settings
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Base
from storage.reps import add_rep
from tests.support import REP, FakeClock, Prospect

POSTGRES_URL = os.environ.get(
    "LEADBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


async def _postgres_engine() -> AsyncEngine:
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    except Exception as error:
        await engine.dispose()
        if IN_CI:
            raise RuntimeError(f"PostgreSQL must be reachable in CI at {POSTGRES_URL}") from error
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({error}); CI runs these")
    return engine


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    """A migrated database of each kind, shared by the session and emptied after each test."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "leadbot.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
    else:
        engine = await _postgres_engine()
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessionmaker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a database that is empty when the test starts."""
    yield create_sessionmaker(engine)
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, content_dir=DEFAULT_CONTENT_DIR)  # type: ignore[call-arg]


@pytest.fixture
def deps(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> Dependencies:
    return Dependencies(
        settings=settings,
        sessionmaker=sessionmaker,
        content_store=ContentStore(settings.content_dir),
        clock=clock,
        erasure_key=b"test-erasure-key-0123456789",
    )


@pytest.fixture
def bot_session() -> LocalSession:
    return LocalSession()


@pytest.fixture
def dispatcher(deps: Dependencies) -> Dispatcher:
    return build_dispatcher(deps)


@pytest.fixture
def prospect(dispatcher: Dispatcher, bot_session: LocalSession) -> Prospect:
    """An English-speaking prospect in front of the real dispatcher."""
    return Prospect(dispatcher, bot_session)


@pytest.fixture
def german_prospect(dispatcher: Dispatcher, bot_session: LocalSession) -> Prospect:
    return Prospect(
        dispatcher,
        bot_session,
        user_id=5002,
        first_name="Jörg",
        last_name="Äbelmann",
        language_code="de-DE",
    )


@pytest.fixture
async def rep(sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock) -> None:
    """One English-speaking rep, Mia Berg, with Telegram id REP."""
    async with sessionmaker() as session:
        await add_rep(
            session,
            telegram_user_id=REP,
            name="Mia Berg",
            languages=["en"],
            personas=[],
            territories=[],
            weight=1,
            now=clock(),
        )
        await session.commit()
