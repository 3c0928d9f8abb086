"""One qualification turn in process, against bare dispatch of `message.answer()`.

    python bench/turn.py [--turns 60] [--repeat 3] [--profile] [--no-postgres]

Both sides go through `dp.feed_update` with the same recording session the tests use
(bot/channels/local_session.py), so the difference is leadbot's own work per update:
middlewares, one transaction, extraction, scoring, the plan and its rendering. Prospects
have consented and answered the customer question before the clock starts; each measured
turn is a plain answer to a qualification question (no handover). Prints CPU and wall
milliseconds per turn, SQL statements per turn (counted with SQLAlchemy's
before_cursor_execute event) and the throughput ratio to bare dispatch, on SQLite in a
temporary directory and on PostgreSQL when LEADBOT_TEST_POSTGRES_URL (or the default local
server) answers. Each figure is the median of `--repeat` runs. `--profile` adds cProfile's
top entries for the SQLite turns.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import itertools
import logging
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Dispatcher, Router  # noqa: E402
from aiogram.types import Message  # noqa: E402
from sqlalchemy import event, make_url, text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bot.channels.local_session import LocalSession  # noqa: E402
from bot.content.store import ContentStore  # noqa: E402
from bot.factory import Dependencies, build_dispatcher  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.engine import create_engine, create_sessionmaker  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.support import TEST_CONTENT_DIR, FakeClock, Prospect  # noqa: E402

POSTGRES_URL = os.environ.get(
    "LEADBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
# Answers to the open questions that tell the bot something without making anyone hot.
ANSWERS = (
    "We are 40 people in the service team",
    "I work in the IT department",
    "Maybe next year, no rush",
    "We use spreadsheets at the moment",
    "Not sure about the budget yet",
)
_users = itertools.count(30_001)


@dataclass
class Figures:
    """One run of one side: turns, CPU and wall seconds, SQL statements."""

    turns: int
    cpu: float
    wall: float
    statements: int

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / self.turns

    @property
    def wall_ms(self) -> float:
        return 1000 * self.wall / self.turns

    @property
    def per_turn_sql(self) -> float:
        return self.statements / self.turns


class StatementCounter:
    """Counts every statement the engine sends to the database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: Any) -> None:
        self.count += 1


async def _measure(
    turns: list[Callable[[], Awaitable[Any]]], counter: StatementCounter | None
) -> Figures:
    before = counter.count if counter else 0
    cpu, wall = time.process_time(), time.perf_counter()
    for turn in turns:
        await turn()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    statements = (counter.count if counter else 0) - before
    return Figures(len(turns), cpu, wall, statements)


def bare_dispatcher() -> Dispatcher:
    """aiogram with one handler that answers every message: the floor of any bot."""
    router = Router(name="bare")

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


async def bare_run(count: int) -> Figures:
    """`count` messages through the bare dispatcher and the recording session."""
    session, dispatcher = LocalSession(), bare_dispatcher()
    users = [Prospect(dispatcher, session, user_id=next(_users)) for _ in range(10)]
    turns = [partial(users[i % len(users)].says, ANSWERS[i % len(ANSWERS)]) for i in range(count)]
    await _measure(turns[:10], None)  # warm-up
    return await _measure(turns, None)


async def leadbot_turns(deps: Dependencies, count: int) -> list[Callable[[], Awaitable[Any]]]:
    """Consented prospects, each ready to answer questions; one callable per turn."""
    session, dispatcher = LocalSession(), build_dispatcher(deps)
    prospects = [Prospect(dispatcher, session, user_id=next(_users)) for _ in range(count // 5)]
    for prospect in prospects:
        await prospect.agrees()
    return [partial(prospect.says, answer) for answer in ANSWERS for prospect in prospects]


def _deps(sessionmaker: Any, data_dir: Path, content: ContentStore) -> Dependencies:
    settings = Settings(_env_file=None, data_dir=data_dir, content_dir=TEST_CONTENT_DIR)
    return Dependencies(
        settings=settings,
        sessionmaker=sessionmaker,
        content_store=content,
        clock=FakeClock(),
        erasure_key=b"bench-erasure-key-0123456789",
    )


async def leadbot_run(
    url: str, data_dir: Path, content: ContentStore, count: int, profile: cProfile.Profile | None
) -> Figures:
    """`count` turns of fresh prospects on a freshly migrated database at `url`."""
    engine = create_engine(url)
    try:
        await upgrade(engine)
        counter = StatementCounter(engine)
        deps = _deps(create_sessionmaker(engine), data_dir, content)
        await _measure((await leadbot_turns(deps, 10))[:10], None)  # warm-up
        turns = await leadbot_turns(deps, count)
        if profile is not None:
            profile.enable()
        try:
            return await _measure(turns, counter)
        finally:
            if profile is not None:
                profile.disable()
    finally:
        await engine.dispose()


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str | None]:
    """A database of its own on the PostgreSQL server, dropped afterwards; None if none."""
    name = f"leadbot_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: {error}; skipped")
        await admin.dispose()
        yield None
        return
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def _line(name: str, runs: list[Figures], bare: Figures) -> str:
    cpu = statistics.median(f.cpu_ms for f in runs)
    wall = statistics.median(f.wall_ms for f in runs)
    sql = statistics.median(f.per_turn_sql for f in runs)
    return (
        f"{name:<22}{cpu:>9.2f}{wall:>10.2f}{sql:>9.1f}{1000 / wall:>10.0f}"
        f"{bare.wall_ms / wall:>11.3f}x{bare.cpu_ms / cpu:>11.3f}x"
    )


def _median_run(runs: list[Figures]) -> Figures:
    """A run with the median CPU and wall time of `runs`, the floor the others divide."""
    return Figures(
        1,
        statistics.median(f.cpu for f in runs) / runs[0].turns,
        statistics.median(f.wall for f in runs) / runs[0].turns,
        0,
    )


async def main(args: argparse.Namespace) -> None:
    logging.disable(logging.WARNING)
    content = ContentStore(TEST_CONTENT_DIR)
    profile = cProfile.Profile() if args.profile else None
    bare_runs = [await bare_run(args.turns) for _ in range(args.repeat)]
    bare = _median_run(bare_runs)
    rows = [_line("bare message.answer()", bare_runs, bare)]
    with tempfile.TemporaryDirectory(prefix="leadbot-turn-") as directory:
        sqlite = []
        for run in range(args.repeat):
            url = f"sqlite+aiosqlite:///{Path(directory) / f'turn-{run}.db'}"
            sqlite.append(await leadbot_run(url, Path(directory), content, args.turns, profile))
        rows.append(_line("leadbot SQLite", sqlite, bare))
        if not args.no_postgres:
            async with postgres_database() as pg_url:
                if pg_url is not None:
                    runs = []
                    for _ in range(args.repeat):
                        runs.append(
                            await leadbot_run(pg_url, Path(directory), content, args.turns, None)
                        )
                    rows.append(_line("leadbot PostgreSQL", runs, bare))
    print(f"{args.turns} turns per run, median of {args.repeat} runs; load {_load()}")
    header = f"{'':<22}{'CPU ms':>9}{'wall ms':>10}{'SQL':>9}{'turns/s':>10}"
    print(header + f"{'wall vs bare':>13}{'CPU vs bare':>12}")
    print("\n".join(rows))
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=60, help="measured turns per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--profile", action="store_true", help="cProfile the SQLite turns")
    parser.add_argument("--top", type=int, default=30, help="profile entries shown")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
