"""`leadbot outbox list --failed` and `leadbot outbox retry ID`: what was given up on can
be seen and sent again by hand."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import migrated_sessions
from storage.models import Outbox


async def _failed_row(url: str) -> int:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    async with migrated_sessions(url) as sessions, sessions() as session:
        row = Outbox(
            kind="request",
            lead_id=None,
            chat_id=777,
            payload={"method": "sendMessage", "params": {"chat_id": 777, "text": "hi"}},
            status="failed",
            attempts=9,
            due_at=now,
            created_at=now,
            note="gave up: Telegram was down",
        )
        session.add(row)
        await session.commit()
        return row.id


def test_a_failed_message_is_listed_and_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    row_id = asyncio.run(_failed_row(f"sqlite+aiosqlite:///{tmp_path / 'leadbot.db'}"))
    runner = CliRunner()
    listed = runner.invoke(app, ["outbox", "list", "--failed"])
    assert listed.exit_code == 0, listed.output
    assert "gave up: Telegram was down" in listed.output and "777" in listed.output
    retried = runner.invoke(app, ["outbox", "retry", str(row_id)])
    assert retried.exit_code == 0, retried.output
    assert "failed" not in runner.invoke(app, ["outbox", "list", "--failed"]).output.lower()
    again = runner.invoke(app, ["outbox", "retry", str(row_id)])
    assert again.exit_code == 1
    assert "not failed or cancelled" in again.output
