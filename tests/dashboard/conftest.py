"""A dashboard on the test database, reached through aiohttp's test client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.dashboard.app import build_app
from bot.dashboard.auth import Gate
from bot.dashboard.state import Dashboard
from tests.dashboard.seed import NOW, add_floor

TOKEN = "test-dashboard-token-0123456789"


def dashboard_state(
    sessionmaker: async_sessionmaker[AsyncSession], content: ContentStore, *, per_page: int = 10
) -> Dashboard:
    """The dashboard on these sessions, with a clock stopped at the seed's NOW."""
    return Dashboard(
        sessionmaker,
        content.current,
        Gate(TOKEN, timedelta(hours=12)),
        clock=lambda: NOW,
        per_page=per_page,
    )


@pytest.fixture
async def client(
    sessionmaker: async_sessionmaker[AsyncSession], frozen_content: ContentStore
) -> AsyncIterator[TestClient[Any, Any]]:
    """A test client on the seeded floor, not signed in."""
    async with sessionmaker() as session:
        await add_floor(session)
    app = build_app(dashboard_state(sessionmaker, frozen_content))
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


@pytest.fixture
async def signed_in(client: TestClient[Any, Any]) -> TestClient[Any, Any]:
    """The same client after signing in with the right token."""
    response = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    assert response.status == 303
    return client
