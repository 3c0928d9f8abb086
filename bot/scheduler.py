"""Jobs on a clock: outbox, handover deadlines, nurture, CRM webhook, content reload, decay."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.factory import Dependencies
from bot.nurture_sender import send_due
from bot.outbox import deliver
from bot.presentation.messages import content_report
from bot.qualify.scoring import thresholds
from bot.qualify.sla import SlaPolicy, enforce_sla
from bot.settings import Settings
from bot.webhook import post_pending
from storage.rescoring import decay_all

log = logging.getLogger(__name__)


async def decay_job(deps: Dependencies) -> None:
    """Let engagement fade for every lead; safe to run on several instances at once."""
    scoring = deps.content_store.current.scoring
    async with deps.sessionmaker() as session:
        await decay_all(session, thresholds(scoring), now=deps.clock())
        await session.commit()
    log.info("engagement decay applied")


async def content_watch_job(deps: Dependencies, bot: Bot | None) -> None:
    """Reload content/ after an edit; tell the admins when the edit is broken."""
    outcome = deps.content_store.reload_if_changed()
    if bot is None or outcome is False:
        return
    text = (
        "content reloaded after an edit" if outcome is True else content_report(outcome)  # type: ignore[arg-type]
    )
    for admin in deps.settings.admin_ids:
        try:
            await bot.send_message(admin, text, parse_mode=None)
        except Exception:
            log.exception("could not tell admin %s about the content reload", admin)


async def nurture_job(deps: Dependencies, bot: Bot) -> None:
    """Send the follow-ups that are due (claimed in the database, so one instance each)."""
    outcomes = await send_due(deps, bot)
    if outcomes:
        log.info("follow-ups: %s", outcomes)


def sla_policy(settings: Settings) -> SlaPolicy:
    """The handover deadlines from the settings."""
    return SlaPolicy(
        minutes=settings.handover_sla_minutes,
        max_tries=settings.handover_max_tries,
        hours=settings.business_hours,
        days=settings.business_days,
        zone=settings.business_timezone,
        manager_chat_id=settings.manager_chat_id,
    )


async def sla_job(deps: Dependencies, bot: Bot) -> None:
    """Reassign or escalate handovers nobody accepted in time, then send what that wrote."""
    async with deps.sessionmaker() as session:
        outcomes = await enforce_sla(
            session, deps.content_store.current, sla_policy(deps.settings), deps.clock()
        )
        await session.commit()
    if any(outcomes.values()):
        log.info("handover deadlines: %s", outcomes)
        await deliver(deps.sessionmaker, bot, deps.clock, deps.content_store)


def start_scheduler(deps: Dependencies, bot: Bot | None = None) -> AsyncIOScheduler:
    """Start the periodic jobs in the running event loop."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    settings = deps.settings

    def every(
        seconds: float, job: Callable[..., Awaitable[object]], *args: Any, name: str
    ) -> None:
        # One run at a time; a run missed while the previous one was busy is not made up.
        scheduler.add_job(
            job, "interval", seconds=seconds, args=args, id=name, coalesce=True, max_instances=1
        )

    if bot is not None:
        every(5, deliver, deps.sessionmaker, bot, deps.clock, deps.content_store, name="outbox")
        every(60, sla_job, deps, bot, name="sla")
        every(settings.nurture_interval_seconds, nurture_job, deps, bot, name="nurture")
    if settings.crm_webhook_url and settings.crm_webhook_secret:
        secret = settings.crm_webhook_secret.get_secret_value().encode()
        every(
            10,
            post_pending,
            deps.sessionmaker,
            settings.crm_webhook_url,
            secret,
            deps.clock,
            name="crm-webhook",
        )
    every(settings.content_reload_seconds, content_watch_job, deps, bot, name="content-watch")
    every(settings.decay_interval_minutes * 60, decay_job, deps, name="decay")
    scheduler.start()
    return scheduler
