"""`leadbot leads` and `leadbot customers`: what a sales person reads and imports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.cli.lead_story import print_story
from storage.customers import find_customer, import_customers
from storage.lead_queries import lead_story, list_leads
from tests.support import TEST_CONTENT_DIR, FakeClock, Prospect


async def test_story_explains_why_the_lead_is_hot(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start expo")
    await prospect.presses("Yes, and keep me posted")
    for text in (
        "no",
        "We need a helpdesk for our IT tickets",
        "about 80 people",
        "I'm the CTO",
        "asap",
        "around 40k a year",
        "I decide",
    ):
        await prospect.says(text)
    async with sessionmaker() as session:
        hot = await list_leads(session, temperature="hot", source="expo")
        assert [row.name for row in hot] == ["Greta Lindqvist"]
        story = await lead_story(session, hot[0].id)
    assert story is not None
    out = io.StringIO()
    print_story(Console(file=out, width=200), story, TEST_CONTENT_DIR, why="hot: decides alone")
    text = out.getvalue()
    assert "why: hot: decides alone" in text
    assert "40,000 a year" in text and "“40k”" in text
    assert "decision_maker +25" in text
    assert "engaged" in text and "mql" in text
    assert "handover: sales_ready (pending)" in text


async def test_customer_import_reports_bad_rows_and_matches_by_username(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock, tmp_path: Path
) -> None:
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text(
        "telegram_user_id,username,company,account_owner\n"
        "4711,,Hansen Logistik,Mia Berg\n"
        ",@kraemer_it,Krämer IT,Jonas Weber\n"
        "not-a-number,,Broken GmbH,\n",
        encoding="utf-8",
    )
    async with sessionmaker() as session:
        result = await import_customers(session, csv_file, now=clock())
        await session.commit()
        assert (result.added, result.updated) == (2, 0)
        assert result.problems == [
            f"{csv_file}:4: telegram_user_id 'not-a-number' is not a number"
        ]
        match = await find_customer(session, telegram_user_id=None, username="kraemer_it")
        assert match is not None and match.company == "Krämer IT"


def test_cli_list_and_show_on_an_empty_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    listed = runner.invoke(app, ["leads", "list"])
    assert listed.exit_code == 0 and "0 lead(s)" in listed.output
    shown = runner.invoke(app, ["leads", "show", "99"])
    assert shown.exit_code == 1 and "there is no lead 99" in shown.output
