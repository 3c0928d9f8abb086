"""The workers' answer to a chat Telegram will not deliver to: bot/qualify/unreachable.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.catalog import Content
from bot.jobs.engine import Outcome, Unreachable
from bot.qualify.unreachable import Escalation, chat_unreachable
from bot.settings import Settings


def escalation(settings: Settings) -> Escalation:
    """Where a handover goes when no rep can take it, from the settings."""
    return Escalation(settings.manager_chat_id, tuple(settings.admin_ids))


def when_unreachable(
    content: Content, settings: Settings, chat_id: int, now: datetime
) -> Unreachable:
    """Reroute a rep's handovers or cancel a prospect's queue; the row is then cancelled
    with a note of what was done (a chat that is neither keeps the outcome it had)."""

    async def act(session: AsyncSession, outcome: Outcome) -> Outcome:
        problem = outcome.note or "unreachable"
        route = escalation(settings)
        note = await chat_unreachable(session, content, route, chat_id, problem=problem, now=now)
        return outcome if note is None else Outcome.cancelled(note)

    return act
