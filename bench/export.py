"""The lead export over many consenting leads, on SQLite.

    python bench/export.py [--leads 2000]

Prints seconds and leads per second for the flat spreadsheet export read from the database
(`exported_leads`: facts, consent, customer record, handover and rep per lead) and for
writing it as CSV and as xlsx; as the baseline measured in the same run, the JSON Lines
records for a CRM (`export_rows`); then the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.export.table import rows  # noqa: E402
from bot.export.writers import write_csv, write_xlsx  # noqa: E402
from storage.engine import migrated_sessions  # noqa: E402
from storage.export_queries import exported_leads  # noqa: E402
from storage.lead_queries import export_rows  # noqa: E402
from storage.leads import get_or_create_lead  # noqa: E402
from tests.export.support import NOW, add_consent_and_facts  # noqa: E402


async def fill(url: str, leads: int) -> None:
    """Consenting leads with every fact (set-up, not measured)."""
    async with migrated_sessions(url) as sessions, sessions() as session:
        for user in range(1, leads + 1):
            lead = await get_or_create_lead(
                session, telegram_user_id=user, chat_id=user, language="de", now=NOW
            )
            lead.first_name, lead.consent_state = f"Jörg {user}", "granted"
            add_consent_and_facts(session, lead.id)
        await session.commit()


async def timed(url: str, read: Callable[[Any], Awaitable[Any]]) -> tuple[float, Any]:
    async with migrated_sessions(url) as sessions, sessions() as session:
        start = time.perf_counter()
        result = await read(session)
        return time.perf_counter() - start, result


async def main(leads: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await fill(url, leads)
        baseline, _ = await timed(url, export_rows)
        flat, found = await timed(url, exported_leads)
        start = time.perf_counter()
        columns, table = rows(found)
        write_csv(io.StringIO(), columns, table, ";")
        as_csv = time.perf_counter() - start
        start = time.perf_counter()
        write_xlsx(Path(folder) / "leads.xlsx", columns, table)
        as_xlsx = time.perf_counter() - start
    for name, seconds in (
        ("baseline: JSONL records (export_rows)", baseline),
        ("flat rows read (exported_leads)", flat),
        ("flat rows + CSV written", flat + as_csv),
        ("flat rows + xlsx written", flat + as_xlsx),
    ):
        print(
            f"{name:40} {seconds:7.2f} s  {leads / seconds:8.0f} leads/s  "
            f"x{seconds / baseline:.2f} of baseline"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--leads", type=int, default=2000)
    asyncio.run(main(parser.parse_args().leads))
