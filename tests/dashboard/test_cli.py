"""`leadbot dashboard` refuses to start without a login token, with one line."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.dashboard.conftest import TOKEN


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean working directory (no .env) with its own data directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LEADBOT_DASHBOARD_TOKEN", raising=False)
    return tmp_path


def test_the_dashboard_refuses_to_start_without_a_token(here: Path) -> None:
    result = CliRunner().invoke(app, ["dashboard"])
    assert result.exit_code == 2
    assert "LEADBOT_DASHBOARD_TOKEN is not set" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("weak", ["changeme", "short"])
def test_a_guessable_token_is_refused(
    here: Path, monkeypatch: pytest.MonkeyPatch, weak: str
) -> None:
    monkeypatch.setenv("LEADBOT_DASHBOARD_TOKEN", weak)
    result = CliRunner().invoke(app, ["dashboard"])
    assert result.exit_code == 2
    assert "LEADBOT_DASHBOARD_TOKEN: " in result.output
    assert "at least 16 random characters" in result.output


def test_a_port_in_use_is_one_line(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_DASHBOARD_TOKEN", TOKEN)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["dashboard", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
