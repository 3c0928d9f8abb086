"""The day summaries of the report and the dashboard, brought up to date every minute.

Counting reads in one transaction and writes in a second, short one: on SQLite the write
lock is held only while the few changed day rows are replaced, never while they are
counted (a first refresh over 100,000 leads counts for about a second).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.reporting.rollup import apply_refresh, plan_refresh

if TYPE_CHECKING:
    from bot.factory import Dependencies

INTERVAL_SECONDS = 60
log = logging.getLogger(__name__)


async def refresh_summaries(
    sessionmaker: async_sessionmaker[AsyncSession], now: datetime
) -> dict[str, int]:
    """Count what changed since the last refresh, then write it; days written per summary."""
    async with sessionmaker() as session:
        plans = await plan_refresh(session, now)
    async with sessionmaker() as session:
        written = await apply_refresh(session, plans)
        await session.commit()
    return written


async def rollup_job(deps: Dependencies) -> None:
    """The periodic run (bot/jobs/scheduler.py; `leadbot dashboard` refreshes them too)."""
    written = await refresh_summaries(deps.sessionmaker, deps.clock())
    if any(written.values()):
        log.info("day summaries refreshed: %s", written)
