"""The real `leadbot` process against the Bot API stand-in: start, kill, restart, wait.

Waiting is for a condition with a generous deadline that only fails a broken run; no test
asserts how long anything took.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from tests.botapi.server import BotApiStandIn
from tests.support import TEST_CONTENT_DIR

TOKEN = "123456:e2e-test-token-abcdefghijklmnop"
DEADLINE = 180.0  # seconds; only a broken run, or a machine under heavy load, comes near it
LEADBOT = [sys.executable, "-m", "bot"]


def environment(
    api: BotApiStandIn, database_url: str, data_dir: Path, **extra: str
) -> dict[str, str]:
    """LEADBOT_* settings for a process that talks to the stand-in and nothing else."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LEADBOT_")}
    env.update(
        LEADBOT_TELEGRAM_TOKEN=TOKEN,
        LEADBOT_TELEGRAM_API_URL=api.url,
        LEADBOT_DATABASE_URL=database_url,
        LEADBOT_DATA_DIR=str(data_dir),
        LEADBOT_CONTENT_DIR=str(TEST_CONTENT_DIR),
        LEADBOT_SECRET_KEY="e2e-secret-key-0123456789abcdef",
        LEADBOT_POLLING_TIMEOUT_SECONDS="2",
        LEADBOT_OUTBOX_INTERVAL_SECONDS="0.5",
        LEADBOT_OUTBOX_CLAIM_STALE_SECONDS="4",
        LEADBOT_RETRY_BASE_SECONDS="0.2",
        LEADBOT_RETRY_MAX_SECONDS="1",
        LEADBOT_LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


class Leadbot:
    """One `leadbot` process: `await start()`, then `kill()` (SIGKILL) or `stop()` (SIGTERM)."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.command = command
        self.env = env
        self.log = log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, ready: Callable[[], bool]) -> None:
        """Start the process and wait until `ready()` (e.g. it polled the stand-in)."""
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                *LEADBOT, *self.command, env=self.env, stdout=out, stderr=out
            )
        await until(lambda: ready() or self._exited(), what=f"{self.command} to start")
        assert not self._exited(), f"leadbot exited: see {self.log}"

    def kill(self) -> None:
        """SIGKILL: no handler, no clean-up, exactly like a crash."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        """SIGTERM, and wait for the process to end."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=DEADLINE)
            except TimeoutError:
                self.kill()
        if self.process is not None:
            await self.process.wait()

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None


async def until(condition: Callable[[], bool | Awaitable[bool]], *, what: str) -> None:
    """Wait for `condition`, checking often; fail after DEADLINE with `what`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE
    while True:
        result = condition()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


def polled(api: BotApiStandIn, after: int = 0) -> Callable[[], bool]:
    """Ready when the stand-in got a getUpdates request past the first `after` requests."""
    return lambda: any(r.method == "getupdates" for r in api.requests[after:])


def button(api: BotApiStandIn, chat_id: int, label: str) -> str:
    """The callback data of the newest button to `chat_id` whose label contains `label`."""
    for request in reversed(api.sent(chat_id)):
        markup: Any = request.params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for item in row:
                if label in item["text"]:
                    return str(item["callback_data"])
    raise AssertionError(f"no button {label!r} was sent to {chat_id}")
