"""Handovers for operators: `leadbot handovers list|reassign`, /handovers and /reassign for
admins, and `leadbot doctor` naming every set-up gap."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from bot.channels.local_session import LocalSession
from bot.cli import app
from bot.factory import Dependencies, build_dispatcher
from storage.engine import migrated_sessions
from storage.models import Handover
from tests.export.support import database_url, seed
from tests.support import HOT, FakeClock, Prospect, Rep, add_plain_rep, one, with_settings

ADMIN = 9001
runner = CliRunner()


async def test_an_admin_lists_and_reassigns_a_stranded_handover(
    deps: Dependencies,
    clock: FakeClock,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    dispatcher = build_dispatcher(with_settings(deps, admin_ids=[ADMIN]))
    prospect = Prospect(dispatcher, bot_session)
    admin = Rep(dispatcher, bot_session, user_id=ADMIN, first_name="Ada", last_name=None)
    await prospect.agrees()
    await prospect.says(HOT)  # nobody to take it
    async with sessionmaker() as session:
        handover = await one(session, select(Handover))
        await add_plain_rep(session, 4711, "Mia Berg", now=clock())
        await session.commit()
    [listed] = await admin.says("/handovers")
    assert f"#{handover.id} lead {handover.lead_id} Greta Lindqvist: pending, no rep" in listed
    for command, words in {
        "/reassign": "Use: /reassign HANDOVER_ID",
        "/reassign 999 4711": "There is no handover 999",
        f"/reassign {handover.id} 1234": "There is no rep with Telegram id 1234",
        f"/reassign {handover.id} -5": "-5 is not an id",
        "/reassign 99999999999 4711": "99999999999 is not an id",
    }.items():
        [answer] = await admin.says(command)
        assert words in answer, (command, answer)
    await admin.says(f"/reassign {handover.id} 4711")
    done = bot_session.sent_texts(ADMIN)[-1]
    offered = f"Handover {handover.id} (lead {handover.lead_id}, Greta Lindqvist) is now offered"
    assert done == f"{offered} to Mia Berg."
    assert "</b> (sales-ready)" in bot_session.sent_texts(4711)[0]
    mia = Rep(dispatcher, bot_session)
    await mia.accepts()
    [refused] = await admin.says(f"/reassign {handover.id} 4711")
    assert f"Handover {handover.id} is accepted" in refused
    assert await prospect.says("/reassign 1 2") != []  # a prospect's /reassign is no command


async def _stranded(url: str) -> int:
    """A consenting lead whose handover waits with no rep; the handover's id."""
    await seed(url)
    async with migrated_sessions(url) as sessions, sessions() as session:
        handover = await one(session, select(Handover))
        handover.status, handover.rep_id = "pending", None
        await session.commit()
        return handover.id


def test_handovers_cli_lists_and_reassigns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    handover_id = asyncio.run(_stranded(database_url(tmp_path)))
    listed = runner.invoke(app, ["handovers", "list", "--status", "open"])
    assert listed.exit_code == 0, listed.output
    assert "Jörg Äbelmann" in listed.output and "pending" in listed.output
    wrong = runner.invoke(app, ["handovers", "list", "--status", "lost"])
    assert wrong.exit_code == 2 and "--status must be one of" in wrong.output
    for arguments, code, words in (
        (["999", "4711"], 1, "There is no handover 999"),
        ([str(handover_id), "77"], 1, "There is no rep with Telegram id 77"),
        (["abc", "4711"], 2, "abc is not an id"),
        ([str(handover_id), "0"], 2, "0 is not an id"),
    ):
        result = runner.invoke(app, ["handovers", "reassign", *arguments])
        assert result.exit_code == code and words in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    done = runner.invoke(app, ["handovers", "reassign", str(handover_id), "4711"])
    assert done.exit_code == 0, done.output
    assert "is now offered to Mia Berg" in done.output
    assert "offered" in runner.invoke(app, ["handovers", "list"]).output


def test_doctor_names_every_gap_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    fresh = runner.invoke(app, ["doctor"])
    assert fresh.exit_code == 1
    for words in ("✘ admins: none", "✘ manager chat: not set", "run `leadbot db upgrade`"):
        assert words in fresh.output, fresh.output
    assert not (tmp_path / "leadbot.db").exists()  # the doctor looks, it does not migrate
    handover_id = asyncio.run(_stranded(database_url(tmp_path)))
    monkeypatch.setenv("LEADBOT_ADMIN_IDS", "[9001]")
    monkeypatch.setenv("LEADBOT_MANAGER_CHAT_ID", "-100500")
    stranded = runner.invoke(app, ["doctor"])
    assert stranded.exit_code == 1
    assert f"✘ handovers no rep holds: 1: {handover_id} (lead 1)" in stranded.output
    assert "✔ reps: 1 of 1 available" in stranded.output
    assert runner.invoke(app, ["handovers", "reassign", str(handover_id), "4711"]).exit_code == 0
    healthy = runner.invoke(app, ["doctor"])
    assert healthy.exit_code == 0, healthy.output
    assert "no problems found" in healthy.output and "✔ content:" in healthy.output


def test_doctor_reports_no_reps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1 and "✘ reps: none registered" in result.output
