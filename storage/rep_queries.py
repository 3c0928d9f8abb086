"""Look-ups the Telegram edge needs for reps: who is a rep, and a rep's lead by number."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.memo import remembered
from storage.models import Lead, Rep

REP = "rep"  # key of a remembered look-up (storage/memo.py)


async def find_rep(session: AsyncSession, *, telegram_user_id: int) -> Rep | None:
    """The rep with this Telegram id, if it is one (unique index on telegram_user_id);
    asked by several filters of one update, read once per transaction (add_rep forgets)."""
    memo = remembered(session)
    key = (REP, telegram_user_id)
    if key not in memo:
        query = select(Rep).where(Rep.telegram_user_id == telegram_user_id)
        memo[key] = await session.scalar(query)
    rep: Rep | None = memo[key]
    return rep


async def lead_by_id(session: AsyncSession, lead_id: int) -> Lead | None:
    """The lead with this number, as a rep types it in /lead 12."""
    return await session.get(Lead, lead_id)
