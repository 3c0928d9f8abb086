"""The dashboard's pages through aiohttp's test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dashboard.auth import COOKIE
from bot.jobs.rollup import refresh_summaries
from storage.models import FunnelDay, LifecycleChange
from storage.reporting import Window, funnel
from tests.dashboard.conftest import TOKEN
from tests.dashboard.seed import FILLER, GRETA, GRETA_WHY_QUOTE, NOW, SILENT

Client = TestClient[Any, Any]
PAGES = ("/", "/leads", f"/leads/{GRETA}", "/content", "/questions")


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_needs_a_sign_in(client: Client, path: str) -> None:
    response = await client.get(path, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/login"


async def test_a_wrong_token_is_refused_and_gives_no_session(client: Client) -> None:
    response = await client.post("/login", data={"token": TOKEN + "x"}, allow_redirects=False)
    assert response.status == 401
    assert "That token is not right" in await response.text()
    assert COOKIE not in response.cookies
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_the_session_cookie_is_http_only_and_same_site_strict(client: Client) -> None:
    response = await client.post("/login", data={"token": TOKEN}, allow_redirects=False)
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Strict" in header
    assert TOKEN not in header


async def test_a_tampered_cookie_is_no_session(signed_in: Client) -> None:
    cookie = signed_in.session.cookie_jar.filter_cookies(signed_in.make_url("/"))[COOKIE]
    expires, nonce, signature = cookie.value.split(".")
    signed_in.session.cookie_jar.clear()
    signed_in.session.cookie_jar.update_cookies(
        {COOKIE: f"{int(expires) + 10**6}.{nonce}.{signature}"}
    )
    assert (await signed_in.get("/", allow_redirects=False)).status == 303


async def test_logout_ends_the_session(signed_in: Client) -> None:
    assert (await signed_in.get("/", allow_redirects=False)).status == 200
    await signed_in.post("/logout", allow_redirects=False)
    assert (await signed_in.get("/", allow_redirects=False)).status == 303


def _funnel_shown(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'data-step="(\w+)">\s*<td>[^<]*</td>\s*<td class="num" '
            r'data-count="(\d+)"',
            html,
        )
    )


async def test_the_funnel_shows_the_numbers_in_the_database(
    signed_in: Client, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    shown = _funnel_shown(await (await signed_in.get("/")).text())
    async with sessionmaker() as session:
        steps = await funnel(session, Window())
    assert {step.name: str(step.count) for step in steps} == shown
    assert shown["started"] == str(3 + FILLER)


async def test_a_filter_narrows_the_table(signed_in: Client) -> None:
    everyone = await (await signed_in.get("/leads")).text()
    hot = await (await signed_in.get("/leads?temperature=hot")).text()
    assert f"{3 + FILLER} leads" in everyone
    assert "1 leads" in hot
    assert "Greta Hoffmann" in hot
    assert "Jonas" not in hot


async def test_a_search_goes_in_the_form_body_never_the_address(signed_in: Client) -> None:
    found = await signed_in.post("/leads", data={"q": "hoffm"})
    assert "Greta Hoffmann" in await found.text()
    assert "1 leads" in await found.text()
    full_name = await (await signed_in.post("/leads", data={"q": "greta HOFFMANN"})).text()
    assert "1 leads" in full_name
    wildcard = await (await signed_in.post("/leads", data={"q": "%"})).text()
    assert "No lead matches these filters." in wildcard
    in_address = await signed_in.get("/leads?q=hoffmann")
    assert in_address.status == 400
    assert "never in the address" in await in_address.text()


async def test_paging_walks_the_table_and_keeps_the_filters(signed_in: Client) -> None:
    second = await (await signed_in.post("/leads", data={"source": "ads", "page": "2"})).text()
    assert "Page 2 of 5" in second
    assert 'name="source" value="ads"' in second


async def test_the_lead_page_explains_the_score(signed_in: Client) -> None:
    html = await (await signed_in.get(f"/leads/{GRETA}")).text()
    assert "a budget of 40,000 EUR a year" in html
    assert GRETA_WHY_QUOTE in html
    assert "We need a helpdesk for our IT tickets" in html
    assert 'id="why"' in html


async def test_pages_speak_german_to_a_german_browser(signed_in: Client) -> None:
    html = await (await signed_in.get("/leads", headers={"Accept-Language": "de-DE"})).text()
    assert '<html lang="de">' in html
    assert "Zuletzt aktiv" in html


async def test_the_funnel_from_the_day_summaries_counts_a_lead_that_moved_since(
    signed_in: Client, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await refresh_summaries(sessionmaker, NOW)
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FunnelDay))
        session.add(
            LifecycleChange(
                lead_id=SILENT,
                from_state="new",
                to_state="mql",
                reason="asked for a person",
                changed_at=NOW + timedelta(minutes=1),
            )
        )
        await session.commit()

    shown = _funnel_shown(await (await signed_in.get("/")).text())

    assert (shown["started"], shown["mql"]) == (str(3 + FILLER), "2")
    html = await (await signed_in.get("/content")).text()
    assert 'comparison-sheet <span class="muted">(1/1)</span>' in html


async def test_the_content_audit_shows_opens(signed_in: Client) -> None:
    html = await (await signed_in.get("/content")).text()
    assert 'comparison-sheet <span class="muted">(1/1)</span>' in html


async def test_open_questions_are_grouped(signed_in: Client) -> None:
    html = await (await signed_in.get("/questions")).text()
    assert "3 question(s) in 2 group(s)" in html
    assert re.search(r'<td class="num">2</td>\s*<td>\[en\] Can I pay in bitcoin\?', html)


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/leads?page=abc", 400, "must be a whole number"),
        (f"/leads?page={10**30}", 400, "must be a whole number"),
        ("/leads?page=-1", 400, "must be a whole number"),
        ("/leads?page=99", 404, "There is no page 99"),
        ("/leads?temperature=lukewarm", 400, "is not a value of the filter"),
        ("/leads?persona=%3Cscript%3E", 400, "&lt;script&gt;"),
        ("/leads/999999", 404, "There is no lead 999999"),
        (f"/leads/{10**30}", 400, "must be a whole number"),
        ("/leads/abc", 400, "must be a whole number"),
        ("/?since=yesterday", 400, "must be a date"),
        ("/no/such/page", 404, "There is no such page"),
    ],
)
async def test_bad_input_gets_a_clear_page(
    signed_in: Client, path: str, status: int, says: str
) -> None:
    response = await signed_in.get(path)
    html = await response.text()
    assert response.status == status
    assert says in html
    assert "Traceback" not in html
    assert "<script>" not in html


async def test_a_failing_query_is_a_plain_500_page_and_logs_no_details(
    signed_in: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Greta Hoffmann said something private")

    monkeypatch.setattr("bot.dashboard.pages.leads_page", broken)
    response = await signed_in.get("/leads")
    assert response.status == 500
    assert "Something went wrong" in await response.text()
    assert "Greta" not in caplog.text
    assert "RuntimeError" in caplog.text


async def test_pages_are_made_for_phones_and_forbid_scripts(signed_in: Client) -> None:
    response = await signed_in.get("/")
    assert 'name="viewport"' in await response.text()
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
