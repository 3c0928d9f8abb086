"""Reps and routing (weighted round robin), and the CRM export."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.qualify.routing import route
from storage.lead_queries import export_rows
from storage.leads import get_or_create_lead
from storage.reps import set_available
from tests.support import FakeClock, Prospect, add_plain_rep


async def _reps(session: AsyncSession, clock: FakeClock) -> None:
    for user, name, weight, languages in (
        (1, "Anna", 2, ["de", "en"]),
        (2, "Ben", 1, ["de"]),
        (3, "Chris", 1, ["en"]),
    ):
        await add_plain_rep(session, user, name, now=clock(), languages=languages, weight=weight)


async def test_routing_is_weighted_and_fair_over_time(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        await _reps(session, clock)
        lead = await get_or_create_lead(
            session, telegram_user_id=9, chat_id=9, language="de", now=clock()
        )
        picks: Counter[str] = Counter()
        for _ in range(300):
            rep = await route(session, lead)
            assert rep is not None
            picks[rep.name] += 1
    assert picks == {"Anna": 200, "Ben": 100}  # Chris speaks no German


async def test_routing_skips_reps_who_are_away_and_says_when_nobody_fits(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        await _reps(session, clock)
        lead = await get_or_create_lead(
            session, telegram_user_id=9, chat_id=9, language="en", now=clock()
        )
        assert await set_available(session, 1, False)
        picked = [await route(session, lead) for _ in range(5)]
        assert {rep.name if rep else None for rep in picked} == {"Chris"}
        assert await set_available(session, 3, False)
        assert await route(session, lead) is None


async def test_export_has_consenting_leads_with_their_facts(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says("We need a helpdesk, we're 40 people and have about 20k a year")
    bystander = Prospect(prospect.dispatcher, prospect.session, user_id=7777)
    await bystander.says("/start")  # never consented: not exported
    async with sessionmaker() as session:
        rows = await export_rows(session)
    assert [row["first_name"] for row in rows] == ["Greta"]
    assert rows[0]["fact_company_size"] == {"min": 40, "max": 40}
    assert rows[0]["fact_budget"]["max"] == 20000


def test_reps_cli_add_list_away_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    added = runner.invoke(
        app, ["reps", "add", "4711", "Mia Berg", "--languages", "de,en", "--weight", "2"]
    )
    assert added.exit_code == 0 and "Mia Berg (4711), weight 2" in added.output
    assert runner.invoke(app, ["reps", "away", "4711"]).output.strip() == "rep 4711 is away"
    listed = runner.invoke(app, ["reps", "list"])
    assert "Mia Berg" in listed.output and "away" in listed.output
    assert runner.invoke(app, ["reps", "back", "4711"]).exit_code == 0
    missing = runner.invoke(app, ["reps", "away", "1"])
    assert missing.exit_code == 1 and "there is no rep" in missing.output


def test_export_cli_writes_csv_and_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    empty = runner.invoke(app, ["leads", "export", "--format", "jsonl"])
    assert empty.exit_code == 0 and empty.output == ""
    wrong = runner.invoke(app, ["leads", "export", "--format", "xml"])
    assert wrong.exit_code == 2 and "csv, xlsx or jsonl" in wrong.output
    target = tmp_path / "leads.csv"
    written = runner.invoke(app, ["leads", "export", "--output", str(target)])
    assert written.exit_code == 0 and "0 lead(s) written" in written.output
