"""`leadbot reps hours ID mon-fri 09:00-17:00 [--timezone …]`: set, and refused clearly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import migrated_sessions
from storage.meetings import hours_of
from storage.models import Rep


async def _hours(url: str) -> list[tuple[str, str, str, str]]:
    async with migrated_sessions(url) as sessions, sessions() as session:
        rep_ids = list(await session.scalars(select(Rep.id)))
        found = await hours_of(session, rep_ids)
        return [(h.days, h.opens, h.closes, h.timezone) for h in found.values()]


def test_hours_are_set_and_bad_ones_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["reps", "add", "4711", "Mia Berg"]).exit_code == 0
    done = runner.invoke(app, ["reps", "hours", "4711", "mon-fri", "09:00-17:00"])
    assert done.exit_code == 0, done.output
    assert "takes meetings mon,tue,wed,thu,fri 09:00-17:00 Europe/Berlin" in done.output
    moved = runner.invoke(
        app, ["reps", "hours", "4711", "mon,wed", "10:00-12:30", "--timezone", "Europe/Lisbon"]
    )
    assert moved.exit_code == 0, moved.output
    url = f"sqlite+aiosqlite:///{tmp_path / 'leadbot.db'}"
    assert asyncio.run(_hours(url)) == [("mon,wed", "10:00", "12:30", "Europe/Lisbon")]
    for args, code, says in (
        (["4711", "mon-fry", "09:00-17:00"], 2, "'fry' is no weekday"),
        (["4711", "mon-fri", "9 to 5"], 2, "is no span of hours: write it as 09:00-17:00"),
        (["4711", "mon-fri", "09:00-17:00", "--timezone", "Mars/Base"], 2, "is no time zone"),
        (["99", "mon-fri", "09:00-17:00"], 1, "there is no rep with Telegram id 99"),
    ):
        refused = runner.invoke(app, ["reps", "hours", *args])
        assert refused.exit_code == code, refused.output
        assert says in refused.output
        assert "Traceback" not in refused.output
