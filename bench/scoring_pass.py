"""The full decay-and-rescoring pass over 100,000 leads with 1,000,000 events, on SQLite.

    python bench/scoring_pass.py [--leads 100000] [--events 1000000]

Prints seconds and leads per second for the set-based pass (engagement recomputed from
every event with decay, then level, temperature and sales-readiness from the matrix), for
the scheduled decay-only pass, and, as the baseline measured in the same run, for the same
work done row by row in Python on a sample of leads; then their ratio. Target: the full
pass in under 3 seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.catalog import load_content  # noqa: E402
from bot.qualify import scoring  # noqa: E402
from bot.settings import DEFAULT_CONTENT_DIR  # noqa: E402
from storage.engine import create_engine, create_sessionmaker  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.rescoring import decay_all, rescore_all  # noqa: E402

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
KINDS = ("message", "answer", "button", "content_opened", "return", "question")


def fill(path: Path, leads: int, events: int) -> None:
    """Leads and events written straight through sqlite3 (this is set-up, not measured)."""
    engagement = load_content(DEFAULT_CONTENT_DIR).scoring.engagement
    rng = random.Random(7)
    db = sqlite3.connect(path)
    stamp = NOW.replace(tzinfo=None)
    grades = ("A", "B", "C", "D")
    db.executemany(
        "INSERT INTO leads (id, telegram_user_id, chat_id, language, consent_state,"
        " marketing_allowed, lifecycle, created_at, last_seen_at, dialog_state, stage,"
        " is_customer, fit_score, fit_grade, engagement_score, engagement_level, temperature,"
        " sales_ready) VALUES (?, ?, ?, 'en', 'granted', 0, 'engaged', ?, ?, '{}',"
        " 'awareness', 0, 0, ?, 0, 1, 'cold', 0)",
        (
            (i, 10_000_000 + i, 10_000_000 + i, stamp, stamp, grades[i % 4])
            for i in range(1, leads + 1)
        ),
    )

    def rows():
        for _ in range(events):
            kind = KINDS[rng.randrange(len(KINDS))]
            when = stamp - timedelta(days=rng.random() * 120)
            yield (rng.randint(1, leads), kind, engagement.points(kind).points, "{}", when)

    db.executemany(
        "INSERT INTO events (lead_id, kind, weight, detail, occurred_at) VALUES (?, ?, ?, ?, ?)",
        rows(),
    )
    db.commit()
    db.close()


def python_baseline(path: Path, sample: int, half_life: float) -> float:
    """The same work row by row: seconds per lead over `sample` leads."""
    limits = scoring.thresholds(load_content(DEFAULT_CONTENT_DIR).scoring)
    db = sqlite3.connect(path)
    started = time.perf_counter()
    for lead_id in range(1, sample + 1):
        total = 0.0
        for weight, occurred in db.execute(
            "SELECT weight, occurred_at FROM events WHERE lead_id = ?", (lead_id,)
        ):
            age = (NOW.replace(tzinfo=None) - datetime.fromisoformat(occurred)).total_seconds()
            total += weight * 0.5 ** (age / 86400 / half_life)
        grade, ready = db.execute(
            "SELECT fit_grade, sales_ready FROM leads WHERE id = ?", (lead_id,)
        ).fetchone()
        level = 1 + sum(total >= t for t in limits.levels)
        temperature = limits.matrix[grade][level - 1]
        db.execute(
            "UPDATE leads SET engagement_score = ?, engagement_level = ?, temperature = ?,"
            " sales_ready = ? WHERE id = ?",
            (total, level, temperature, bool(ready) and temperature == "hot", lead_id),
        )
    db.commit()
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed / sample


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000, help="leads in the Python baseline")
    args = parser.parse_args()
    content = load_content(DEFAULT_CONTENT_DIR)
    limits = scoring.thresholds(content.scoring)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        started = time.perf_counter()
        fill(path, args.leads, args.events)
        print(
            f"set-up: {args.leads:,} leads, {args.events:,} events "
            f"in {time.perf_counter() - started:.1f} s (not measured)"
        )
        sessions = create_sessionmaker(engine)
        async with sessions() as session:
            started = time.perf_counter()
            await rescore_all(session, limits, now=NOW)
            await session.commit()
            full = time.perf_counter() - started
        async with sessions() as session:
            started = time.perf_counter()
            await decay_all(session, limits, now=NOW + timedelta(hours=1))
            await session.commit()
            decay = time.perf_counter() - started
        await engine.dispose()
        per_lead = python_baseline(path, args.sample, content.scoring.engagement.half_life_days)
    python_rate = 1 / per_lead
    print(f"full rescoring pass (set-based): {full:6.2f} s  {args.leads / full:12,.0f} leads/s")
    print(f"decay-only pass (set-based):     {decay:6.2f} s  {args.leads / decay:12,.0f} leads/s")
    print(
        f"row by row in Python (baseline): {per_lead * args.leads:6.2f} s  "
        f"{python_rate:12,.0f} leads/s  (measured on {args.sample:,} leads)"
    )
    print(f"ratio set-based / row by row: {args.leads / full / python_rate:.1f}x")
    print(f"target: full pass under 3 s: {'met' if full < 3 else 'NOT met'}")


if __name__ == "__main__":
    asyncio.run(main())
