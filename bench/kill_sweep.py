"""The SIGKILL sweep of issue 13: kill the real process after a sales-ready message, restart it.

    python bench/kill_sweep.py [--kills 25] [--first 0.02] [--last 2.0] [--database sqlite|pg]

One database and one Bot API stand-in (tests/botapi/server.py), one prospect per kill:
each consents, says they are no customer yet and asks for a person; `leadbot run` is killed
(SIGKILL) that many seconds after that message is queued, started again, and left to finish
before the next prospect starts. The first prospect is never killed: what each killed
prospect and the rep read is compared with it: replies delivered (each once), missing,
doubled, order, cards to the rep, and cards presumed delivered after a send the kill cut
off ("unsure"). Kill delays are spread log-evenly between --first and --last. Exits 1
unless every kill ends with every reply once and exactly one card. PostgreSQL comes from
LEADBOT_TEST_POSTGRES_URL (a database of its own, dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.turn import postgres_database  # noqa: E402
from bot.qualify.vocabulary import DeliveryStatus  # noqa: E402
from tests.botapi.server import BotApiStandIn  # noqa: E402
from tests.e2e.handover import (  # noqa: E402
    Watch,
    converse,
    hand_over,
    prepared_database,
    steady,
)
from tests.e2e.harness import Leadbot, environment, polled, until  # noqa: E402
from tests.support import REP  # noqa: E402

FIRST_PROSPECT = 9101  # the reference; the next ones are killed after


@dataclass(frozen=True)
class Delivered:
    """What one run left in the chats and the database."""

    replies: list[str]
    cards: list[str]
    unsure: int  # messages to the rep presumed delivered after a cut-off send


@dataclass(frozen=True)
class Verdict:
    """One killed run against the reference."""

    delay: float
    ok: int
    missing: int
    doubled: int
    cards: int
    unsure: int
    in_order: bool

    @property
    def clean(self) -> bool:
        return (self.missing, self.doubled, self.cards) == (0, 0, 1) and self.in_order


def judge(delay: float, run: Delivered, reference: Delivered) -> Verdict:
    """Replies compared as multisets (missing, doubled) and in order; cards counted."""
    got, want = Counter(run.replies), Counter(reference.replies)
    missing = sum((want - got).values())
    order = [text for n, text in enumerate(run.replies) if text not in run.replies[:n]]
    return Verdict(
        delay=delay,
        ok=len(reference.replies) - missing,
        missing=missing,
        doubled=sum((got - want).values()),
        cards=len(run.cards),
        unsure=run.unsure,
        in_order=order == list(dict.fromkeys(reference.replies)),
    )


@asynccontextmanager
async def fresh_database(kind: str, workdir: Path) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file in `workdir`, or a PostgreSQL database."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{workdir / 'leadbot.db'}"
        return
    async with postgres_database() as url:
        if url is None:
            raise SystemExit("PostgreSQL is not reachable (LEADBOT_TEST_POSTGRES_URL)")
        yield url


def delivered(api: BotApiStandIn, user: int, rep_row: str) -> Delivered:
    """What `user` and the rep read about them, with the name made neutral."""

    def neutral(text: str) -> str:
        return re.sub(rf"\bP{user}\b", "{name}", steady(text))

    cards = [text for text in api.texts(REP) if re.search(rf"\bP{user}\b", text)]
    return Delivered(
        replies=[neutral(text) for text in api.texts(user)],
        cards=[neutral(card) for card in cards],
        unsure=int(rep_row == DeliveryStatus.UNSURE),
    )


async def chain(args: argparse.Namespace, workdir: Path) -> list[Verdict]:
    """One database, one stand-in, one prospect per kill: the first is never killed and is
    the reference; after each next one's handover message the process is killed and
    started again, and the restarted process finishes that handover and serves the next."""
    kills = delays(args)
    verdicts: list[Verdict] = []
    async with fresh_database(args.database, workdir) as url:
        await prepared_database(url)
        async with BotApiStandIn() as api:
            watch = Watch(url, api)
            stale = str(args.stale)
            env = environment(api, url, workdir, LEADBOT_OUTBOX_CLAIM_STALE_SECONDS=stale)
            log = workdir / "leadbot.log"
            bot = Leadbot(["run"], env, log)
            await bot.start(polled(api))
            try:
                for n, delay in enumerate([None, *kills]):
                    user = FIRST_PROSPECT + n
                    await converse(api, watch, user)
                    update_id = await hand_over(api, user)
                    if delay is not None:
                        await asyncio.sleep(delay)  # the kill point
                        bot.kill()
                        await bot.stop()
                        bot = Leadbot(["run"], env, log)
                        await bot.start(polled(api, after=len(api.requests)))
                    await until(partial(watch.answered, update_id), what=f"{user} handed over")
                    reference = delivered(api, FIRST_PROSPECT, "")
                    if len(reference.cards) != 1:
                        raise SystemExit(f"the run never killed sent {reference.cards}")
                    if n == 0:
                        continue
                    rows = await watch.statuses(REP)
                    run = delivered(api, user, rows[n] if n < len(rows) else "")
                    verdicts.append(judge(kills[n - 1], run, reference))
                    print(row(verdicts[-1], len(reference.replies)), flush=True)
                handovers = await watch.handovers()
            finally:
                await bot.stop()
                await watch.dispose()
    if handovers != len(kills) + 1:
        raise SystemExit(f"{handovers} handovers for {len(kills) + 1} prospects; see {workdir}")
    return verdicts


def delays(args: argparse.Namespace) -> list[float]:
    """`--kills` delays from `--first` to `--last`, evenly spread on a log scale."""
    if args.kills == 1:
        return [args.first]
    ratio = (args.last / args.first) ** (1 / (args.kills - 1))
    return [args.first * ratio**n for n in range(args.kills)]


HEADER = f"{'kill after':>10}  {'replies ok':>10}  {'missing':>7}  {'doubled':>7}  "
HEADER += f"{'cards':>5}  {'unsure':>6}  {'order':>5}  result"


def row(verdict: Verdict, replies: int) -> str:
    return (
        f"{verdict.delay * 1000:>8.0f}ms  {verdict.ok:>7}/{replies:<2}  {verdict.missing:>7}  "
        f"{verdict.doubled:>7}  {verdict.cards:>5}  {verdict.unsure:>6}  "
        f"{'ok' if verdict.in_order else 'NO':>5}  {'clean' if verdict.clean else 'FAILED'}"
    )


async def sweep(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="kill-sweep-"))
    load = os.getloadavg()[0]
    print(
        f"kill sweep: `leadbot run` on {args.database}, {args.kills} kills from "
        f"{args.first * 1000:.0f} ms to {args.last:g} s after the message that hands over"
    )
    print(HEADER, flush=True)
    verdicts = await chain(args, workdir)
    clean = sum(v.clean for v in verdicts)
    print(
        f"{clean}/{len(verdicts)} kills clean on {args.database}: "
        f"{sum(v.missing for v in verdicts)} replies missing, "
        f"{sum(v.doubled for v in verdicts)} doubled, "
        f"{sum(v.cards != 1 for v in verdicts)} kills without exactly one card, "
        f"{sum(v.unsure for v in verdicts)} cards unsure "
        f"(load {load:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} cores)"
    )
    if clean == len(verdicts) and not args.keep:
        shutil.rmtree(workdir)
    else:
        print(f"database and log kept in {workdir}")
    return 0 if clean == len(verdicts) else 1


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=25, help="how many kills")
    parser.add_argument("--first", type=float, default=0.02, help="earliest kill, seconds")
    parser.add_argument("--last", type=float, default=2.0, help="latest kill, seconds")
    parser.add_argument("--database", choices=("sqlite", "pg"), default="sqlite")
    parser.add_argument(
        "--stale", type=float, default=12.0, help="LEADBOT_OUTBOX_CLAIM_STALE_SECONDS"
    )
    parser.add_argument("--keep", action="store_true", help="keep databases and logs")
    args = parser.parse_args(argv)
    if args.kills < 1 or not 0 < args.first <= args.last:
        parser.error("need --kills >= 1 and 0 < --first <= --last")
    return args


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    sys.exit(asyncio.run(sweep(parse())))
