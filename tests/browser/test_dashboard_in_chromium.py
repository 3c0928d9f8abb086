"""The dashboard as a person sees it, in headless Chromium: sign in, read, filter, click.

Each test saves a screenshot of the pages it visits under build/screenshots/.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.reporting import Window, funnel, summed
from tests.browser.conftest import SCREENSHOTS
from tests.dashboard.conftest import TOKEN
from tests.dashboard.seed import FILLER, GRETA, GRETA_WHY_QUOTE

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

T = TypeVar("T")


async def no_summary(*_: object) -> None:
    """Stands in for the day summaries' mark: every number counted from the leads."""
    return None


async def in_browser(steps: Callable[[], T]) -> T:
    """Run blocking browser steps while the dashboard keeps serving on this event loop."""
    return await asyncio.to_thread(steps)


def click_and_wait(driver: WebDriver, element: WebElement) -> None:
    """Click and wait until the next page has replaced this one."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    wait = WebDriverWait(driver, 15)
    wait.until(expected_conditions.staleness_of(element))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def sign_in(driver: WebDriver, base: str, token: str = TOKEN) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "token").send_keys(token)
    click_and_wait(driver, driver.find_element(By.ID, "sign-in"))


def shot(driver: WebDriver, name: str) -> None:
    """Save the whole page as build/screenshots/<name>.png."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(600, min(int(height) + 120, 4000)))
    assert driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


async def test_sign_in_is_refused_without_the_token(driver: WebDriver, dashboard_url: str) -> None:
    from selenium.webdriver.common.by import By

    def steps() -> tuple[str, str, str]:
        driver.delete_all_cookies()
        driver.get(f"{dashboard_url}/leads")
        sent_to = driver.current_url
        shot(driver, "login")
        sign_in(driver, dashboard_url, token="not-the-dashboard-token")
        error = driver.find_element(By.ID, "login-error").text
        shot(driver, "login-refused")
        driver.get(f"{dashboard_url}/")
        return sent_to, error, driver.current_url

    sent_to, error, after = await in_browser(steps)
    assert sent_to == f"{dashboard_url}/login"
    assert "not right" in error
    assert after == f"{dashboard_url}/login"


async def test_the_funnel_shows_the_numbers_in_the_database(
    driver: WebDriver,
    dashboard_url: str,
    floor: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from selenium.webdriver.common.by import By

    def steps() -> dict[str, int]:
        sign_in(driver, dashboard_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "#funnel tbody tr")
        shown = {
            row.get_attribute("data-step") or "": int(
                row.find_elements(By.TAG_NAME, "td")[1].text.replace(",", "")
            )
            for row in rows
        }
        shot(driver, "overview")
        return shown

    shown = await in_browser(steps)
    monkeypatch.setattr(summed, "usable_mark", no_summary)  # counted from the leads directly
    async with floor() as session:
        steps_in_db = await funnel(session, Window())
    assert shown == {step.name: step.count for step in steps_in_db}
    assert shown["started"] == 3 + FILLER


async def test_a_filter_narrows_the_table(driver: WebDriver, dashboard_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    def steps() -> tuple[int, str, list[str]]:
        sign_in(driver, dashboard_url)
        driver.get(f"{dashboard_url}/leads")
        before = len(driver.find_elements(By.CSS_SELECTOR, "#leads tbody tr"))
        shot(driver, "leads")
        Select(driver.find_element(By.NAME, "temperature")).select_by_value("hot")
        click_and_wait(driver, driver.find_element(By.ID, "apply"))
        names = [
            row.find_elements(By.TAG_NAME, "td")[1].text
            for row in driver.find_elements(By.CSS_SELECTOR, "#leads tbody tr")
        ]
        shot(driver, "leads-hot")
        return before, driver.find_element(By.ID, "total").text, names

    before, total, names = await in_browser(steps)
    assert before == 10  # the first page of 48
    assert total == "1 leads"
    assert names == ["Greta Hoffmann"]


async def test_a_lead_page_shows_its_score_explanation(
    driver: WebDriver, dashboard_url: str
) -> None:
    from selenium.webdriver.common.by import By

    def steps() -> tuple[str, str, str]:
        sign_in(driver, dashboard_url)
        driver.get(f"{dashboard_url}/leads")
        click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Greta Hoffmann"))
        url = driver.current_url
        changes = driver.find_element(By.ID, "score-changes").text
        why = driver.find_element(By.ID, "why").text
        shot(driver, "lead")
        return url, changes, why

    url, changes, why = await in_browser(steps)
    assert url == f"{dashboard_url}/leads/{GRETA}"
    assert "a budget of 40,000 EUR a year" in changes
    assert GRETA_WHY_QUOTE in changes
    assert why


async def test_every_page_renders_and_is_kept_as_a_screenshot(
    driver: WebDriver, dashboard_url: str
) -> None:
    from selenium.webdriver.common.by import By

    def steps() -> dict[str, str]:
        sign_in(driver, dashboard_url)
        headings = {}
        for name, path in [
            ("content", "/content"),
            ("questions", "/questions"),
            ("unknown-lead", "/leads/999999"),
            ("bad-page", f"/leads?page={10**30}"),
        ]:
            driver.get(dashboard_url + path)
            headings[name] = driver.find_element(By.TAG_NAME, "h1").text
            shot(driver, name)
        driver.set_window_size(390, 844)  # a phone
        driver.get(f"{dashboard_url}/")
        headings["phone"] = driver.find_element(By.TAG_NAME, "h1").text
        shot(driver, "overview-phone")
        driver.set_window_size(1280, 1000)
        return headings

    headings = await in_browser(steps)
    assert headings == {
        "content": "Content audit",
        "questions": "Open questions",
        "unknown-lead": "That did not work",
        "bad-page": "That did not work",
        "phone": "Funnel",
    }
    for name in ("login", "overview", "leads", "lead", "content", "questions", "overview-phone"):
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 5_000, name
