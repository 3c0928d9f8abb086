"""The lifecycle refuses illegal moves and records every legal one."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.qualify import lifecycle
from bot.qualify.lifecycle import IllegalMove, Stage
from storage.leads import get_or_create_lead
from storage.models import LifecycleChange
from tests.support import FakeClock


async def test_moves_along_the_funnel_are_recorded(
    sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    async with sessionmaker() as session:
        lead = await get_or_create_lead(
            session, telegram_user_id=1, chat_id=1, language="en", now=clock()
        )
        for target in (Stage.ENGAGED, Stage.MQL, Stage.SAL, Stage.SQL, Stage.WON):
            await lifecycle.move(session, lead, target, reason=f"to {target}", now=clock())
        await session.commit()
        moves = list(await session.scalars(select(LifecycleChange).order_by(LifecycleChange.id)))
    assert [(m.from_state, m.to_state) for m in moves] == [
        ("new", "engaged"),
        ("engaged", "mql"),
        ("mql", "sal"),
        ("sal", "sql"),
        ("sql", "won"),
    ]


@pytest.mark.parametrize(
    ("path", "illegal"),
    [((), Stage.SAL), ((Stage.ENGAGED,), Stage.WON), ((Stage.ENGAGED, Stage.LOST), Stage.SQL)],
)
async def test_illegal_moves_are_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    path: tuple[Stage, ...],
    illegal: Stage,
) -> None:
    async with sessionmaker() as session:
        lead = await get_or_create_lead(
            session, telegram_user_id=2, chat_id=2, language="en", now=clock()
        )
        for target in path:
            await lifecycle.move(session, lead, target, reason="setup", now=clock())
        with pytest.raises(IllegalMove):
            await lifecycle.move(session, lead, illegal, reason="skipping ahead", now=clock())
        assert lead.lifecycle == (path[-1] if path else Stage.NEW)


def test_a_rejected_lead_can_be_recycled_and_a_suppressed_one_restart() -> None:
    assert lifecycle.can_move(Stage.MQL, Stage.RECYCLED)
    assert lifecycle.can_move(Stage.SUPPRESSED, Stage.ENGAGED)
    assert not lifecycle.can_move(Stage.WON, Stage.RECYCLED)
