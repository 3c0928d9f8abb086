"""The clock: which jobs run how often (APScheduler, in the bot's event loop)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs.crm import post_pending
from bot.jobs.follow_ups import send_due
from bot.jobs.outbox import deliver_outbox
from bot.jobs.reminders import INTERVAL_SECONDS as REMINDER_SECONDS
from bot.jobs.reminders import reminder_job
from bot.jobs.retention import retention_job
from bot.jobs.rollup import INTERVAL_SECONDS as ROLLUP_SECONDS
from bot.jobs.rollup import rollup_job
from bot.jobs.sla import sla_job
from bot.jobs.upkeep import content_watch_job, decay_job, prune_job

if TYPE_CHECKING:
    from bot.factory import Dependencies

log = logging.getLogger(__name__)
RETENTION_SECONDS = 6 * 3600  # erasing a day late is fine; the period is months


async def outbox_job(deps: Dependencies, bot: Bot) -> None:
    """Send what the outbox holds (the middleware sends at once; this catches the rest)."""
    _log_counts("outbox", await deliver_outbox(deps, bot))


async def follow_up_job(deps: Dependencies, bot: Bot) -> None:
    """Send the follow-ups that are due (claimed in the database, so one instance each)."""
    _log_counts("follow-ups", await send_due(deps, bot))


async def crm_job(deps: Dependencies) -> None:
    """POST the lifecycle changes the CRM has not received yet."""
    _log_counts("crm webhook", await post_pending(deps))


def _log_counts(name: str, outcomes: dict[str, int]) -> None:
    if outcomes:
        log.info("%s: %s", name, outcomes)


def start_scheduler(deps: Dependencies, bot: Bot | None = None) -> AsyncIOScheduler:
    """Start the periodic jobs in the running event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    settings = deps.settings

    def every(seconds: float, job: Callable[..., Awaitable[None]], *args: Any, name: str) -> None:
        # One run at a time; a run missed while the previous one was busy is not made up.
        scheduler.add_job(
            job, "interval", seconds=seconds, args=args, id=name, coalesce=True, max_instances=1
        )

    if bot is not None:
        every(settings.outbox_interval_seconds, outbox_job, deps, bot, name="outbox")
        every(60, sla_job, deps, bot, name="sla")
        every(REMINDER_SECONDS, reminder_job, deps, bot, name="meeting-reminders")
        every(settings.nurture_interval_seconds, follow_up_job, deps, bot, name="nurture")
    if settings.crm_webhook_url and settings.crm_webhook_secret:
        every(10, crm_job, deps, name="crm-webhook")
    every(settings.content_reload_seconds, content_watch_job, deps, bot, name="content-watch")
    every(settings.decay_interval_minutes * 60, decay_job, deps, name="decay")
    every(RETENTION_SECONDS, retention_job, deps, name="retention")
    every(3600, prune_job, deps, name="prune-updates")
    every(ROLLUP_SECONDS, rollup_job, deps, name="day-summaries")
    scheduler.start()
    return scheduler


@asynccontextmanager
async def running_jobs(deps: Dependencies, bot: Bot | None) -> AsyncIterator[AsyncIOScheduler]:
    """The periodic jobs, running for as long as the block does."""
    scheduler = start_scheduler(deps, bot)
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
