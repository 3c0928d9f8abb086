"""Sending what one update wrote to the outbox, right after its commit, in few statements.

The worker's `drain` claims one row per chat per round and reads each row again before
and after its send: right for a backlog of any shape, but for the two or three replies an
update has just written it costs a dozen statements. Here those rows are claimed and
loaded at once (claim_written: none of them may have an unfinished row before it that is
not theirs, so one chat's order holds), and each is sent in id order with its claim renewed
first and its outcome written right after, exactly as the engine does. When a row does
not go out, the later ones of its chat are handed back to the worker, which keeps order.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.jobs.engine import Handle, Send, Verdict, record
from bot.jobs.outbox import deliver_outbox, sender
from bot.jobs.retry import RetryPolicy
from storage.claims import claim_written, release, touch
from storage.delivery import OUTBOX, load_claimed
from storage.models import Outbox
from storage.outbox import REQUEST, delete_sent

if TYPE_CHECKING:
    from bot.factory import Dependencies


async def deliver_written(deps: Dependencies, bot: Bot, ids: list[int]) -> dict[str, int]:
    """Send the outbox rows `ids` written by the update that just committed; counts."""
    now = deps.clock()
    async with deps.sessionmaker() as session:
        rows = await claim_written(session, OUTBOX, ids, now)
        await session.commit()
    if len(rows) < len(ids):
        # Something older of the same chat is still waiting (or a row is not due): the
        # engine's round by round claim keeps the order.
        await _give_back(deps.sessionmaker, [row.id for row in rows], now)
        return await deliver_outbox(deps, bot, ids=ids)
    send = sender(deps, bot)
    policy = RetryPolicy.from_settings(deps.settings)
    counts: dict[str, int] = {}
    stuck: set[int] = set()  # chats whose message did not go out: the rest of each waits
    for row in rows:
        if row.chat_id in stuck:
            await _give_back(deps.sessionmaker, [row.id], now)
            continue
        verdict = await _one(deps.sessionmaker, row, send, now, deps.clock(), policy)
        if verdict is not None:
            counts[str(verdict)] = counts.get(str(verdict), 0) + 1
        if verdict is not Verdict.SENT:
            stuck.add(row.chat_id)
    return counts


async def _one(
    sessionmaker: async_sessionmaker[AsyncSession],
    row: Outbox,
    send: Handle[Outbox],
    claimed: datetime,
    at: datetime,
    policy: RetryPolicy,
) -> Verdict | None:
    """Renew the claim, send, and write the outcome (a sent request row is deleted)."""
    async with sessionmaker() as session:
        if not await touch(session, OUTBOX, row.id, claimed=claimed, at=at):
            await session.commit()
            return None  # recovered as stale meanwhile: another worker's now
        decided = await send(session, row, at)
        await session.commit()
    outcome = await decided.call() if isinstance(decided, Send) else decided
    async with sessionmaker() as session:
        if outcome.verdict is Verdict.SENT and row.kind == REQUEST:
            await delete_sent(session, row.id)
        else:
            loaded = await load_claimed(session, OUTBOX, row.id)
            if loaded is None:
                return None
            verdict = record(OUTBOX, row.id, loaded, outcome, now=at, policy=policy)
            if verdict is Verdict.SENT and isinstance(decided, Send) and decided.after:
                await decided.after(session)
            await session.commit()
            return verdict
        await session.commit()
    return Verdict.SENT


async def _give_back(
    sessionmaker: async_sessionmaker[AsyncSession], ids: list[int], claimed: datetime
) -> None:
    if ids:
        async with sessionmaker() as session:
            await release(session, OUTBOX, ids, claimed=claimed)
            await session.commit()
