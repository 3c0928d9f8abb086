"""A real browser against a running dashboard: Debian's headless Chromium through Selenium.

No browser is downloaded: the system's /usr/bin/chromium and /usr/bin/chromedriver are used
(`.ci/run` installs them when missing). Without them these tests skip with the reason,
except when CI=true, where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.store import ContentStore
from bot.dashboard.app import build_app
from bot.jobs.rollup import refresh_summaries
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from storage.models import Base
from tests.conftest import IN_CI
from tests.dashboard.conftest import dashboard_state
from tests.dashboard.seed import NOW, add_floor

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ROOT = Path(__file__).resolve().parent.parent.parent
# Test artifacts (gitignored): one screenshot of each page per run.
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("LEADBOT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("LEADBOT_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).exists() or shutil.which(path)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    """One headless Chromium for a module's tests, English first, a laptop's window."""
    missing = _missing()
    if missing:
        if IN_CI:
            pytest.fail(f"the browser tests must run in CI: {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US"):
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1000")
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
async def floor(
    tmp_path: Path,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The seeded sales floor in a SQLite database of this test's own."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'dashboard.db'}")
    await upgrade(engine)
    sessions = create_sessionmaker(engine)
    async with sessions() as session:
        await add_floor(session)
    await refresh_summaries(sessions, NOW)  # the pages read the day summaries, as in use
    yield sessions
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
    await engine.dispose()


@pytest.fixture
async def dashboard_url(
    floor: async_sessionmaker[AsyncSession], frozen_content: ContentStore
) -> AsyncIterator[str]:
    """The dashboard served on a free loopback port for the length of one test."""
    runner = web.AppRunner(build_app(dashboard_state(floor, frozen_content)))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
