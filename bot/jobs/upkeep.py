"""Upkeep on a clock: engagement decay for every lead, and content/ reloaded after an edit."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import in_transaction
from bot.presentation.messages import content_report
from bot.qualify.scoring import thresholds
from storage.rescoring import decay_all

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
