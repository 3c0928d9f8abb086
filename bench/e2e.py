"""End to end: the real leadbot process against the Bot API stand-in, and a bare echo bot.

    python bench/e2e.py [--repeat 3] [--quick] [--prospects 50] [--seconds 10]
                        [--only echo,sqlite,postgres,webhooks]

Each bot in turn (aiogram echo bot, `leadbot run` on SQLite, `leadbot run` on PostgreSQL,
two `leadbot webhook` instances on PostgreSQL behind the stand-in's round-robin) meets the
same load through tests/botapi/server.py: consented prospects answer qualification
questions as fast as the bot replies (burst: answers/s and the bot's CPU per answer), then
paced load at 20, 50 and 100 messages/s (p50/p99 reply latency, replies later than 1 s,
messages never answered, apologies). Ratios are to the echo bot of the same run; each
figure is the median of `--repeat` runs. PostgreSQL comes from LEADBOT_TEST_POSTGRES_URL
(a database of its own, dropped afterwards); without it those rows are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.e2e_load import CountingStandIn, Paced, burst, consent, paced  # noqa: E402
from bench.turn import postgres_database  # noqa: E402
from tests.e2e.handover import prepared_database  # noqa: E402
from tests.e2e.harness import TOKEN, environment  # noqa: E402

RATES = (20, 50, 100)
TARGETS = ("echo", "sqlite", "postgres", "webhooks")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Figures:
    """One target in one run."""

    burst: float = 0.0  # answers per second
    cpu_ms: float = 0.0  # bot CPU per burst answer
    paced: dict[int, Paced] = field(default_factory=dict)
    apologies: int = 0


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU the processes used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


class Process:
    """One bot process, its output in a log file."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.command, self.env, self.log = command, env, log
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> int:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                *self.command, env=self.env, stdout=out, stderr=out
            )
        return self.process.pid

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), timeout=30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def _until(condition: object, what: str, logs: list[Path], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            tails = "\n".join(log.read_text(errors="replace")[-2000:] for log in logs)
            raise SystemExit(f"e2e bench: gave up waiting for {what}:\n{tails}")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running(
    target: str, api: CountingStandIn, url: str | None, work: Path
) -> AsyncIterator[list[int]]:
    """The target's processes, started against `api` and ready; their pids."""
    if target == "echo":
        commands = [([sys.executable, str(ROOT / "bench/echo_bot.py"), api.url, TOKEN], {})]
    else:
        assert url is not None
        await prepared_database(url)  # schema and one rep, who takes the handovers
        env = environment(api, url, work, LEADBOT_OUTBOX_INTERVAL_SECONDS="5")
        commands = [([sys.executable, "-m", "bot", "run"], env)]
        if target == "webhooks":
            commands = [_webhook(api, env, index) for index in range(2)]
    processes = [
        Process(command, {**os.environ, **env}, work / f"{target}-{index}.log")
        for index, (command, env) in enumerate(commands)
    ]
    pids = [await process.start() for process in processes]
    try:
        await _until(lambda: _ready(api, target), f"{target} to start", [p.log for p in processes])
        yield pids
    finally:
        for process in processes:
            await process.stop()


def _webhook(api: CountingStandIn, env: dict[str, str], index: int) -> tuple[list[str], dict]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    api.webhook_targets.append(f"http://127.0.0.1:{port}/telegram")
    extra = {
        "LEADBOT_WEBHOOK_URL": f"https://bench.example/telegram?i={index}",
        "LEADBOT_WEBHOOK_SECRET": "bench-webhook-secret-0123456789",
        "LEADBOT_WEBHOOK_HOST": "127.0.0.1",
        "LEADBOT_WEBHOOK_PORT": str(port),
    }
    return [sys.executable, "-m", "bot", "webhook"], {**env, **extra}


def _ready(api: CountingStandIn, target: str) -> bool:
    if target == "webhooks":
        return sum(r.method == "setwebhook" for r in api.requests) >= 2
    return any(r.method == "getupdates" for r in api.requests)


async def measure(target: str, url: str | None, args: argparse.Namespace) -> Figures:
    """Consent (leadbot), burst, then each paced rate, for one target."""
    figures = Figures()
    users = list(range(40_001, 40_001 + args.prospects))
    with tempfile.TemporaryDirectory(prefix=f"leadbot-e2e-{target}-") as directory:
        async with CountingStandIn() as api, running(target, api, url, Path(directory)) as pids:
            if target != "echo":
                await asyncio.gather(*(consent(api, user) for user in users))
            cpu = cpu_seconds(pids)
            figures.burst = await burst(api, users, args.answers)
            answers = len(users) * args.answers
            figures.cpu_ms = 1000 * (cpu_seconds(pids) - cpu) / answers
            for rate in RATES:
                figures.paced[rate] = await paced(api, users, rate, args.seconds, args.grace)
            figures.apologies = api.apologies
    return figures


async def run_once(args: argparse.Namespace) -> dict[str, Figures]:
    """Every target once; PostgreSQL targets each on a database of their own."""
    results: dict[str, Figures] = {}
    with tempfile.TemporaryDirectory(prefix="leadbot-e2e-db-") as directory:
        for target in args.only:
            if target in ("echo", "sqlite"):
                url = f"sqlite+aiosqlite:///{Path(directory) / f'{target}-{time.time_ns()}.db'}"
                results[target] = await measure(target, url, args)
                continue
            async with postgres_database() as pg_url:
                if pg_url is not None:
                    results[target] = await measure(target, pg_url, args)
    return results


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs; figures are medians")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small and short")
    parser.add_argument("--prospects", type=int, default=50)
    parser.add_argument("--answers", type=int, default=4, help="burst answers per prospect")
    parser.add_argument("--seconds", type=float, default=10.0, help="per paced rate")
    parser.add_argument("--grace", type=float, default=15.0, help="wait for late replies")
    parser.add_argument("--only", default=",".join(TARGETS), help="targets, comma-separated")
    args = parser.parse_args(argv)
    args.only = [t for t in args.only.split(",") if t]
    unknown = set(args.only) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets {sorted(unknown)}; choose from {', '.join(TARGETS)}")
    if args.quick:
        args.prospects, args.answers, args.seconds, args.grace = 5, 2, 1.0, 10.0
    return args


async def main(args: argparse.Namespace) -> None:
    from bench.e2e_report import report

    logging.disable(logging.WARNING)
    load_before = os.getloadavg()
    runs = [await run_once(args) for _ in range(args.repeat)]
    print(report(runs, args, load_before, os.getloadavg()))


if __name__ == "__main__":
    asyncio.run(main(parse()))
