"""Conversations as data: tests/conversations/*.yaml, run through the real dispatcher.

Each turn says something, presses a button or lets time pass; `expect` lists what must
hold afterwards in the database: facts, persona, stage, grade, temperature, lifecycle,
the open handover, the question being asked, and words in the replies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from aiogram import Dispatcher
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.upkeep import decay_job
from storage.facts import current_facts
from storage.models import Customer, Handover, Lead
from tests.support import FakeClock, Prospect

FILES = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))


def _subset(want: Any, got: Any) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(_subset(v, got.get(k)) for k, v in want.items())
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) < 1e-6
    return bool(want == got)


async def _check(
    expect: dict[str, Any],
    replies: list[str],
    user_id: int,
    sessionmaker: async_sessionmaker[AsyncSession],
    where: str,
) -> None:
    async with sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == user_id))
        assert lead is not None, where
        facts = {kind: fact.value for kind, fact in (await current_facts(session, lead)).items()}
        handover = await session.scalar(
            select(Handover.reason).where(
                Handover.lead_id == lead.id, Handover.status == "pending"
            )
        )
    actual = {
        "persona": lead.persona,
        "stage": lead.stage,
        "grade": lead.fit_grade,
        "temperature": lead.temperature,
        "lifecycle": lead.lifecycle,
        "handover": handover,
        "asks": lead.dialog_step,
    }
    for key, want in expect.items():
        if key == "facts":
            for kind, value in want.items():
                assert _subset(value, facts.get(kind)), f"{where}: {kind} is {facts.get(kind)}"
        elif key == "replies_contain":
            assert any(want in reply for reply in replies), f"{where}: replies were {replies}"
        else:
            assert actual[key] == want, f"{where}: {key} is {actual[key]!r}, expected {want!r}"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_conversation(
    path: Path,
    dispatcher: Dispatcher,
    bot_session: LocalSession,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    script = yaml.safe_load(path.read_text(encoding="utf-8"))
    async with sessionmaker() as session:
        for customer in script.get("customers", []):
            session.add(Customer(imported_at=clock(), **customer))
        await session.commit()
    prospect = Prospect(dispatcher, bot_session, user_id=6100, language_code=script["lang"])
    for number, turn in enumerate(script["turns"], 1):
        where = f"{path.name} turn {number}"
        clock.advance(minutes=1)
        if "say" in turn:
            replies = await prospect.says(turn["say"])
        elif "press" in turn:
            replies = await prospect.presses(turn["press"])
        else:
            clock.advance(**turn["wait"])
            await decay_job(deps)
            replies = []
        if "expect" in turn:
            await _check(turn["expect"], replies, prospect.user.id, sessionmaker, where)
