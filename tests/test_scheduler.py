"""The periodic jobs a running bot starts, and the intervals settings give them."""

from __future__ import annotations

import dataclasses

from aiogram import Bot
from pydantic import SecretStr

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.scheduler import start_scheduler


def _intervals(deps: Dependencies, bot: Bot | None) -> dict[str, float]:
    scheduler = start_scheduler(deps, bot)
    try:
        jobs = scheduler.get_jobs()
        assert all(job.coalesce and job.max_instances == 1 for job in jobs)
        return {job.id: job.trigger.interval.total_seconds() for job in jobs}
    finally:
        scheduler.shutdown(wait=False)


async def test_a_bot_gets_every_job_at_its_configured_interval(deps: Dependencies) -> None:
    settings = deps.settings.model_copy(
        update={
            "crm_webhook_url": "https://crm.example.com/hook",
            "crm_webhook_secret": SecretStr("s3cret"),
            "nurture_interval_seconds": 120,
            "decay_interval_minutes": 30,
        }
    )
    bot = Bot("42:test-token-for-local-session", session=LocalSession())

    intervals = _intervals(dataclasses.replace(deps, settings=settings), bot)

    assert intervals == {
        "outbox": 5,
        "sla": 60,
        "meeting-reminders": 60,
        "nurture": 120,
        "crm-webhook": 10,
        "content-watch": settings.content_reload_seconds,
        "decay": 1800,
        "retention": 6 * 3600,
        "prune-updates": 3600,
        "day-summaries": 60,
    }


async def test_without_a_bot_or_webhook_only_local_jobs_run(deps: Dependencies) -> None:
    assert set(_intervals(deps, None)) == {
        "content-watch",
        "decay",
        "retention",
        "prune-updates",
        "day-summaries",
    }
