"""Retention: a lead quiet for longer than the privacy notice promises is erased, the same
way /forget erases it (handovers closed, every row deleted, the anonymous marker kept)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import in_transaction
from bot.qualify.rights import forget
from storage.personal import quiet_leads

if TYPE_CHECKING:
    from bot.factory import Dependencies

log = logging.getLogger(__name__)


async def retention_job(deps: Dependencies) -> None:
    """The periodic run (bot/jobs/scheduler.py)."""
    await erase_quiet_leads(deps)


async def erase_quiet_leads(deps: Dependencies, *, batch: int = 200) -> int:
    """Erase every lead whose last message is older than the retention period; returns how
    many. Batches keep each transaction short; the next run takes the rest."""
    content, now = deps.content_store.current, deps.clock()
    months = content.retention_months(deps.settings.retention_months)
    cutoff = now - relativedelta(months=months)
    erased = 0

    async def erase(session: AsyncSession) -> int:
        leads = await quiet_leads(session, since=cutoff, limit=batch)
        for lead in leads:
            await forget(session, content, lead, key=deps.erasure_key, now=now)
        return len(leads)

    while (count := await in_transaction(deps.sessionmaker, erase)) > 0:
        erased += count
    if erased:
        log.info("retention: erased %s lead(s) quiet for more than %s months", erased, months)
    return erased
