"""The handover deadline job: reassign or escalate what nobody accepted in time."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import in_transaction
from bot.jobs.outbox import deliver_outbox
from bot.qualify.desk import sla_policy
from bot.qualify.sla import enforce_sla

if TYPE_CHECKING:
    from bot.factory import Dependencies

log = logging.getLogger(__name__)


async def sla_job(deps: Dependencies, bot: Bot) -> None:
    """Enforce the deadlines, then send the offers and escalations that wrote to the outbox."""
    content, policy, now = deps.content_store.current, sla_policy(deps.settings), deps.clock()

    async def enforce(session: AsyncSession) -> dict[str, int]:
        return await enforce_sla(session, content, policy, now)

    outcomes = await in_transaction(deps.sessionmaker, enforce)
    if any(outcomes.values()):
        log.info("handover deadlines: %s", outcomes)
        await deliver_outbox(deps, bot)
