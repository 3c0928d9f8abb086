"""Whether the database answers: the webhook's health endpoint asks it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def database_answers(session: AsyncSession) -> bool:
    """True when a trivial query comes back."""
    return await session.scalar(select(1)) == 1
