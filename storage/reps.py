"""Sales reps and routing: weighted round robin among the reps who fit and are available."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Lead, Rep


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
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == telegram_user_id))
    if rep is None:
        rep = Rep(telegram_user_id=telegram_user_id, created_at=now, assigned=0, available=True)
        session.add(rep)
    rep.name, rep.languages, rep.personas = name, languages, personas
    rep.territories, rep.weight = territories, weight
    await session.flush()
    return _view(rep)


async def list_reps(session: AsyncSession) -> list[RepView]:
    """Every rep, by name."""
    return [_view(rep) for rep in await session.scalars(select(Rep).order_by(Rep.name))]


async def set_available(session: AsyncSession, telegram_user_id: int, available: bool) -> bool:
    """Mark a rep away or back; False if there is no such rep."""
    rep = await session.scalar(select(Rep).where(Rep.telegram_user_id == telegram_user_id))
    if rep is None:
        return False
    rep.available = available
    return True


def _fits(rep: Rep, lead: Lead) -> bool:
    languages = rep.languages or []
    personas = rep.personas or []
    territories = rep.territories or []
    return (
        (not languages or lead.language in languages)
        and (not personas or lead.persona in personas)
        and (not territories or lead.source in territories)
    )


async def route(session: AsyncSession, lead: Lead, *, skip: set[int] | None = None) -> Rep | None:
    """The next rep for a lead: among available reps who fit, the one furthest below its
    share by weight (weighted round robin, fair over time); None if nobody fits."""
    candidates = [
        rep
        for rep in await session.scalars(
            select(Rep).where(Rep.available.is_(True)).order_by(Rep.id)
        )
        if _fits(rep, lead) and rep.id not in (skip or set())
    ]
    if not candidates:
        return None
    chosen = min(candidates, key=lambda rep: ((rep.assigned + 1) / max(rep.weight, 1), rep.id))
    chosen.assigned += 1
    return chosen
