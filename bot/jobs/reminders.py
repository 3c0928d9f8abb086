"""The meeting reminder job: an hour before a booked meeting, both sides are reminded once.

The reminder is claimed and its notices written to the outbox in one transaction
(bot.qualify.booking.actions.remind_due), so a crash or a second instance neither loses
nor doubles it; the outbox then sends them like any other notice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import in_transaction
from bot.jobs.outbox import deliver_outbox
from bot.qualify.booking.actions import remind_due
from bot.qualify.booking.policy import BookingPolicy

if TYPE_CHECKING:
    from bot.factory import Dependencies

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 60  # a reminder an hour ahead may leave up to a minute late


async def reminder_job(deps: Dependencies, bot: Bot) -> None:
    """Write the due reminders to the outbox, then send them."""
    content, now = deps.content_store.current, deps.clock()
    policy = BookingPolicy.from_settings(deps.settings)

    async def remind(session: AsyncSession) -> int:
        return await remind_due(session, content, policy, now)

    sent = await in_transaction(deps.sessionmaker, remind)
    if sent:
        log.info("meeting reminders: %s", sent)
        await deliver_outbox(deps, bot)
