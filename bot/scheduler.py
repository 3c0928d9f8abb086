"""Jobs on a clock: engagement decay now; follow-ups and SLA deadlines later."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.factory import Dependencies
from bot.qualify.scoring import thresholds
from storage.rescoring import decay_all

log = logging.getLogger(__name__)


async def decay_job(deps: Dependencies) -> None:
    """Let engagement fade for every lead; safe to run on several instances at once."""
    scoring = deps.content_store.current.scoring
    async with deps.sessionmaker() as session:
        await decay_all(session, thresholds(scoring), now=deps.clock())
        await session.commit()
    log.info("engagement decay applied")


def start_scheduler(deps: Dependencies) -> AsyncIOScheduler:
    """Start the periodic jobs in the running event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(
        decay_job,
        "interval",
        minutes=deps.settings.decay_interval_minutes,
        args=[deps],
        id="decay",
        coalesce=True,
        max_instances=1,
    )
    scheduler.start()
    return scheduler
