"""`leadbot` through its entry point, in the test's process, for the CLI's tests."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli.main import main


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(name="leadbot")
def leadbot_fixture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Result]:
    """`leadbot ARGUMENTS` through its entry point, in this process (the same code path as
    the installed script, without a start-up of seconds per case)."""
    monkeypatch.chdir(tmp_path)
    for key in os.environ:
        if key.startswith("LEADBOT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path / "data"))

    def call(*arguments: str, **settings: str) -> Result:
        for key, value in settings.items():
            monkeypatch.setenv(f"LEADBOT_{key.upper()}", value)
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit:
            main(list(arguments))
        out = capsys.readouterr()
        return Result(int(exit.value.code or 0), out.out, out.err)

    return call
