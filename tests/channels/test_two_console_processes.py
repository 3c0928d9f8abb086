"""`leadbot chat` twice on one SQLite database, at the same time: a prospect's console and a
rep's (`--user-id` of a rep added with `leadbot reps add`). Each shows its own chat, and a
message one process writes for the other's chat appears there."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

MIA = 4711
WAIT = 180  # seconds; generous for a loaded machine: a bound on a hang, not a measurement


def _environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEADBOT_")}
    environment["LEADBOT_DATA_DIR"] = str(tmp_path / "data")
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


def _leadbot(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "bot", *arguments]


def _run(environment: dict[str, str], cwd: Path, command: list[str], given: str = "") -> str:
    """Run one command to its end; its standard output."""
    done = subprocess.run(
        command,
        input=given,
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=True,
    )
    return done.stdout


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The stream's lines as they come, read by a thread."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _until(lines: queue.Queue[str], text: str) -> str:
    """Read until a line contains `text`; what was read."""
    seen = ""
    while text not in seen:
        seen += lines.get(timeout=WAIT)
    return seen


def test_a_prospect_console_and_a_rep_console_run_side_by_side(tmp_path: Path) -> None:
    environment = _environment(tmp_path)
    _run(environment, tmp_path, _leadbot("reps", "add", str(MIA), "Mia Berg"))
    mia = subprocess.Popen(
        _leadbot("chat", "--user-id", str(MIA), "--name", "Mia"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    assert mia.stdin is not None and mia.stdout is not None
    try:
        mia_lines = _lines(mia.stdout)
        greta = _run(
            environment,
            tmp_path,
            _leadbot("chat", "--user-id", "5001", "--name", "Greta"),
            "/start\n2.1\n2\n/human\n",
        )
        assert "New lead" not in greta and "Accept" not in greta
        card = _until(mia_lines, "✅ Accept")  # written by Greta's process, shown by Mia's
        assert "(asked for a person): Greta" in card and "Hello, Greta" not in card
        mia.stdin.write("1\n")
        mia.stdin.flush()
        assert "Accepted." in _until(mia_lines, "Accepted.")
        mia.stdin.write("/quit\n")
        mia.stdin.flush()
        assert mia.wait(timeout=WAIT) == 0
    finally:
        mia.kill()
        mia.wait()
    again = _run(environment, tmp_path, _leadbot("chat", "--user-id", "5001"), "/quit\n")
    assert "Mia Berg from our team will contact you personally." in again
