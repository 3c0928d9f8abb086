"""Upkeep on a clock: engagement decay for every lead, and content/ reloaded after an edit."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import in_transaction
from bot.presentation.messages import content_report
from bot.qualify.scoring import thresholds
from storage.rescoring import decay_all
from storage.updates import prune_processed

if TYPE_CHECKING:
    from bot.factory import Dependencies

log = logging.getLogger(__name__)


async def decay_job(deps: Dependencies) -> None:
    """Let engagement fade for every lead; safe to run on several instances at once."""
    limits, now = thresholds(deps.content_store.current.scoring), deps.clock()

    async def decay(session: AsyncSession) -> None:
        await decay_all(session, limits, now=now)

    await in_transaction(deps.sessionmaker, decay)
    log.info("engagement decay applied")


async def prune_job(deps: Dependencies) -> None:
    """Forget handled update ids after the retention window (Telegram redelivers for a day)."""
    before = deps.clock() - timedelta(hours=deps.settings.processed_updates_retention_hours)

    async def prune(session: AsyncSession) -> int:
        return await prune_processed(session, before=before)

    pruned = await in_transaction(deps.sessionmaker, prune)
    if pruned:
        log.info("forgot %s handled update ids", pruned)


async def content_watch_job(deps: Dependencies, bot: Bot | None) -> None:
    """Reload content/ after an edit; tell the admins when the edit is broken."""
    outcome = deps.content_store.reload_if_changed()
    if bot is None or outcome is False:
        return
    text = "content reloaded after an edit" if outcome is True else content_report(outcome)
    for admin in deps.settings.admin_ids:
        try:
            await bot.send_message(admin, text, parse_mode=None)
        except Exception:
            log.exception("could not tell admin %s about the content reload", admin)
