"""Sales reps: registration, availability, and the lookups routing and commands need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.memo import remembered
from storage.models import Lead, Rep
from storage.rep_queries import REP


@dataclass(frozen=True)
class RepView:
    """A rep as `leadbot reps list` shows it."""

    id: int
    telegram_user_id: int
    name: str
    languages: tuple[str, ...]
    personas: tuple[str, ...]
    territories: tuple[str, ...]
    weight: int
    available: bool
    assigned: int


def _view(rep: Rep) -> RepView:
    return RepView(
        rep.id,
        rep.telegram_user_id,
        rep.name,
        tuple(rep.languages or ()),
        tuple(rep.personas or ()),
        tuple(rep.territories or ()),
        rep.weight,
        rep.available,
        rep.assigned,
    )


async def add_rep(
    session: AsyncSession,
    *,
    telegram_user_id: int,
    name: str,
    languages: list[str],
    personas: list[str],
    territories: list[str],
    weight: int,
    now: datetime,
) -> RepView:
    """Register a rep, or update the one with this Telegram id."""
    rep = await rep_by_telegram_id(session, telegram_user_id)
    if rep is None:
        rep = Rep(telegram_user_id=telegram_user_id, created_at=now, assigned=0, available=True)
        session.add(rep)
    rep.name, rep.languages, rep.personas = name, languages, personas
    rep.territories, rep.weight = territories, weight
    await session.flush()
    remembered(session).pop((REP, telegram_user_id), None)
    return _view(rep)


async def list_reps(session: AsyncSession) -> list[RepView]:
    """Every rep, by name."""
    return [_view(rep) for rep in await session.scalars(select(Rep).order_by(Rep.name))]


async def set_available(session: AsyncSession, telegram_user_id: int, available: bool) -> bool:
    """Mark a rep away or back; False if there is no such rep."""
    rep = await rep_by_telegram_id(session, telegram_user_id)
    if rep is None:
        return False
    rep.available = available
    return True


async def rep_by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Rep | None:
    """The rep with this Telegram id, if registered."""
    return await session.scalar(select(Rep).where(Rep.telegram_user_id == telegram_user_id))


async def get_rep(session: AsyncSession, rep_id: int) -> Rep | None:
    """The rep with this id, if it still exists."""
    return await session.get(Rep, rep_id)


async def available_reps(session: AsyncSession) -> list[Rep]:
    """Reps who take new leads now, in the order they were added."""
    return list(await session.scalars(select(Rep).where(Rep.available.is_(True)).order_by(Rep.id)))


async def available_rep_named(session: AsyncSession, owner: str) -> Rep | None:
    """An available rep by Telegram id (all digits) or by name, ignoring case."""
    condition = (
        Rep.telegram_user_id == int(owner)
        if owner.isdigit()
        else func.lower(Rep.name) == owner.lower()
    )
    return await session.scalar(select(Rep).where(condition, Rep.available.is_(True)))


async def lead_taken_over_by(session: AsyncSession, telegram_user_id: int) -> Lead | None:
    """The lead this rep is talking to through the bot right now, if any."""
    return await session.scalar(
        select(Lead)
        .join(Rep, Lead.taken_over_by == Rep.id)
        .where(Rep.telegram_user_id == telegram_user_id)
    )
