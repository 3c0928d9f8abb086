"""What one qualification turn costs the database: each read once, replies sent in few
statements, and a backlog of the chat still sent first (bench/turn.py measures the time)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.factory import Dependencies
from bot.jobs.outbox import deliver_outbox
from bot.qualify.nlu.extractor import Extractor
from storage.facts import current_facts, record_fact
from storage.models import Outbox
from storage.outbox import enqueue_request
from tests.support import FakeClock, Prospect, changing_lead

# Everything a plain answer costs today, transaction and sending two replies included.
# Each read that came back in one turn (facts, event sums, the rep look-up) cost more; each
# reply is now marked `sending` in its own commit before its request (an in-doubt send is
# then known after a crash), which took it from 42 to 49.
STATEMENTS_PER_PLAIN_ANSWER = 49


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements the engine sends inside the block."""
    seen: list[str] = []

    def record(_c: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_a_plain_answer_reads_the_message_once_and_each_row_set_once(
    prospect: Prospect, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await prospect.agrees()
    calls: list[str] = []
    extract = Extractor.extract

    def counted(self: Extractor, text: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(text)
        return extract(self, text, *args, **kwargs)

    monkeypatch.setattr(Extractor, "extract", counted)
    with statements(engine) as seen:
        replies = await prospect.says("We are 40 people in the service team")
    assert replies and calls == ["We are 40 people in the service team"]
    assert sum(s.startswith("SELECT facts.") for s in seen) == 1
    assert sum("sum(events.weight)" in s for s in seen) == 1
    assert sum(s.startswith("SELECT reps.") for s in seen) == 1
    assert sum(s.startswith("SELECT processed_updates") for s in seen) == 0
    assert len(seen) <= STATEMENTS_PER_PLAIN_ANSWER, "\n".join(seen)


async def test_facts_read_once_follow_what_the_transaction_writes(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await prospect.agrees()
    async with changing_lead(sessionmaker, prospect.user.id) as (session, lead):
        before = await current_facts(session, lead)
        first = await record_fact(
            session, lead, kind="role", value="it", confidence=0.9, quote="IT", now=clock()
        )
        after = await current_facts(session, lead)
        second = await record_fact(
            session,
            lead,
            kind="role",
            value="ops",
            confidence=0.9,
            quote="ops",
            now=clock(),
            replaces=first,
        )
        latest = await current_facts(session, lead)
    assert "role" not in before and after["role"] is first and latest["role"] is second
    async with changing_lead(sessionmaker, prospect.user.id) as (session, lead):
        assert (await current_facts(session, lead))["role"].value == "ops"


async def test_replies_wait_for_an_older_unsent_message_of_their_chat(
    prospect: Prospect,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    deps: Dependencies,
) -> None:
    await prospect.agrees()
    async with sessionmaker() as session:
        enqueue_request(
            session,
            chat_id=prospect.chat.id,
            method="SendMessage",
            params={"chat_id": prospect.chat.id, "text": "the older one"},
            now=clock(),
        )
        await session.commit()
    # Not sent with the update: the older message goes first, when the worker sends it.
    assert await prospect.says("We are 40 people in the service team") == []
    await deliver_outbox(deps, prospect.bot)
    replies = prospect.replies()
    assert replies[0] == "the older one" and len(replies) >= 2
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Outbox)) == 0
