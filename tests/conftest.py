"""Fixtures: every database test runs on SQLite and, in CI always, on PostgreSQL."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Dispatcher
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.content.store import ContentStore
from bot.factory import Dependencies, build_dispatcher
from bot.settings import Settings
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Base
from tests.support import REP, TEST_CONTENT_DIR, FakeClock, Prospect, Rep, add_plain_rep

POSTGRES_URL = os.environ.get(
    "LEADBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# Every run creates a database of its own with this prefix and drops only that one: two
# runs on one machine never meet, and no database the tests did not create is touched.
TEST_DATABASE_PREFIX = "leadbot_test_"


async def _create_test_database() -> str:
    """Create an empty database for this run on the server POSTGRES_URL points at."""
    name = f"{TEST_DATABASE_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        if IN_CI:
            raise RuntimeError(f"PostgreSQL must be reachable in CI at {POSTGRES_URL}") from error
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL} ({error}); CI runs these")
    finally:
        await admin.dispose()
    return name


async def _drop_test_database(name: str) -> None:
    if not name.startswith(TEST_DATABASE_PREFIX):
        raise RuntimeError(f"refusing to drop {name!r}: the tests did not create it")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
async def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[AsyncEngine]:
    """A migrated database of each kind, shared by the session and emptied after each test."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "leadbot.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        yield engine
        await engine.dispose()
        return
    name = await _create_test_database()
    engine = create_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(False))
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        await _drop_test_database(name)


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
    return Settings(_env_file=None, data_dir=tmp_path, content_dir=TEST_CONTENT_DIR)


@pytest.fixture(scope="session")
def frozen_content() -> ContentStore:
    """The frozen test content, loaded once: its spaCy pipelines are built on first use."""
    return ContentStore(TEST_CONTENT_DIR)


@pytest.fixture
def deps(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    frozen_content: ContentStore,
) -> Dependencies:
    return Dependencies(
        settings=settings,
        sessionmaker=sessionmaker,
        content_store=frozen_content,
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
        await add_plain_rep(session, REP, "Mia Berg", now=clock())
        await session.commit()


@pytest.fixture
def mia(rep: None, dispatcher: Dispatcher, bot_session: LocalSession) -> Rep:
    """The registered rep of the `rep` fixture, in her own chat with the bot."""
    return Rep(dispatcher, bot_session)
