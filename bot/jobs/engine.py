"""The due-work engine: claim a batch, then per row check, send, record the outcome.

Every queue (outbox, follow-ups, CRM webhook) drains through `drain`; a worker supplies
only what differs: the queue, and how to handle one claimed row. Handling reads in one
short transaction and returns either an outcome or a `Send`, which marks the row `sending`
before that transaction commits; the network call runs with no transaction open, and its
outcome is written in a second short one. So a slow Telegram or
CRM never holds a database lock (on SQLite, the one write lock of the whole process).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.jobs.retry import RetryPolicy
from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import DueQueue, claim_due, start_sending, touch
from storage.delivery import attempts_of, load_claimed, mark
from storage.models import Base

log = logging.getLogger(__name__)
Row = TypeVar("Row", bound=Base)
T = TypeVar("T")
NOTE_LENGTH = 500
PARALLEL = 8  # rows of different series (chats, leads) handled at once


class Verdict(StrEnum):
    """What became of one claimed row; `drain` counts these."""

    SENT = "sent"
    DEFERRED = "deferred"  # not now (Telegram's 429, quiet hours, weekly cap): no failure
    RETRY = "retry"  # failed; tried again after the policy's delay
    FAILED = "failed"  # refused, or retried past the policy's maximum age
    CANCELLED = "cancelled"  # must not go out any more


@dataclass(frozen=True)
class Outcome:
    """A verdict with its note and, when deferred, the time to try again."""

    verdict: Verdict
    note: str | None = None
    until: datetime | None = None
    # Telegram will not deliver to the chat at all (blocked, not found): see Send.unreachable.
    unreachable: bool = False

    @classmethod
    def sent(cls) -> Outcome:
        return cls(Verdict.SENT)

    @classmethod
    def deferred(cls, until: datetime, note: str) -> Outcome:
        return cls(Verdict.DEFERRED, note, until)

    @classmethod
    def retry(cls, problem: str) -> Outcome:
        return cls(Verdict.RETRY, problem)

    @classmethod
    def failed(cls, note: str) -> Outcome:
        return cls(Verdict.FAILED, note)

    @classmethod
    def cancelled(cls, note: str) -> Outcome:
        return cls(Verdict.CANCELLED, note)


Unreachable = Callable[[AsyncSession, Outcome], Awaitable[Outcome]]


@dataclass(frozen=True)
class Send:
    """The network call for one row, made outside any transaction; `after` writes what a
    success leaves behind (e.g. the transcript line) together with the row's outcome."""

    call: Callable[[], Awaitable[Outcome]]
    after: Callable[[AsyncSession], Awaitable[None]] | None = None
    # Given an unreachable outcome, acts on it (reroute, cancel) and returns what to record.
    unreachable: Unreachable | None = None


Handle = Callable[[AsyncSession, Row, datetime], Awaitable[Outcome | Send]]
Step = Callable[[AsyncSession], Awaitable[T]]
_STATUS = {
    Verdict.SENT: DeliveryStatus.SENT,
    Verdict.DEFERRED: DeliveryStatus.PENDING,
    Verdict.FAILED: DeliveryStatus.FAILED,
    Verdict.CANCELLED: DeliveryStatus.CANCELLED,
}


async def in_transaction(sessionmaker: async_sessionmaker[AsyncSession], step: Step[T]) -> T:
    """Run one periodic step in its own transaction and commit it."""
    async with sessionmaker() as session:
        result = await step(session)
        await session.commit()
    return result


async def drain(
    sessionmaker: async_sessionmaker[AsyncSession],
    queue: DueQueue[Row],
    handle: Handle[Row],
    *,
    now: datetime,
    policy: RetryPolicy,
    batch: int = 50,
    prepare: Step[object] | None = None,
    ids: list[int] | None = None,
    stale: timedelta | None = None,
    rounds: int = 20,
    clock: Callable[[], datetime] | None = None,
    only: ColumnElement[bool] | None = None,
) -> dict[str, int]:
    """Claim due rows (after `prepare`, in its transaction) and handle each; counts by verdict.
    A claim holds one row per series (chat, lead), so it repeats up to `rounds` times while
    it wins rows. `only` narrows what this worker claims (a console: its own chat)."""
    counts: Counter[str] = Counter()
    gate = asyncio.Semaphore(PARALLEL if queue.serial is not None else 1)
    running: set[asyncio.Task[Verdict | None]] = set()
    errors: list[BaseException] = []

    async def one(row_id: int) -> Verdict | None:
        async with gate:
            at = clock() if clock is not None else now
            return await _handle_one(sessionmaker, queue, handle, row_id, (now, at), policy)

    for _ in range(rounds):
        claim = {"batch": batch, "ids": ids, "stale": stale, "only": only}
        claimed = await _claim_round(sessionmaker, queue, now, prepare, claim)
        prepare = None
        running |= {asyncio.create_task(one(row_id)) for row_id in claimed}
        if not running:
            break
        # A claim holds one row per series (chat, lead): as soon as one is done the next
        # claim may take the next row of its series, so a hanging chat holds back no other.
        done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        _tally(done, counts, errors)
    return await _finish(running, counts, errors)


async def _claim_round(
    sessionmaker: async_sessionmaker[AsyncSession],
    queue: DueQueue[Row],
    now: datetime,
    prepare: Step[object] | None,
    claim: dict[str, Any],
) -> list[int]:
    """One claim of due rows, after `prepare` in the same transaction."""
    async with sessionmaker() as session:
        if prepare is not None:
            await prepare(session)
        claimed = await claim_due(session, queue, now, **claim)
        await session.commit()
    return list(claimed)


async def _finish(
    running: set[asyncio.Task[Verdict | None]], counts: Counter[str], errors: list[BaseException]
) -> dict[str, int]:
    """Wait for the rows still being handled; the counts, or the first error raised."""
    if running:
        done, _ = await asyncio.wait(running)
        _tally(done, counts, errors)
    if errors:
        raise errors[0]
    return dict(counts)


def _tally(
    done: set[asyncio.Task[Verdict | None]], counts: Counter[str], errors: list[BaseException]
) -> None:
    for task in done:
        error = task.exception()
        if error is not None:
            errors.append(error)
        elif (verdict := task.result()) is not None:
            counts[str(verdict)] += 1


async def _handle_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    queue: DueQueue[Row],
    handle: Handle[Row],
    row_id: int,
    times: tuple[datetime, datetime],
    policy: RetryPolicy,
) -> Verdict | None:
    """Read and decide, send with no transaction open, then record; None if erased or if
    the claim (taken at `times[0]`) went stale and is another worker's now."""
    claimed, now = times
    async with sessionmaker() as session:
        ours = await touch(session, queue, row_id, claimed=claimed, at=now)
        await session.commit()
        row = await load_claimed(session, queue, row_id) if ours else None
        if row is None:
            return None
        decided = await handle(session, row, now)
        if isinstance(decided, Send):
            await start_sending(session, queue, row_id, at=now)
        await session.commit()
    outcome = await decided.call() if isinstance(decided, Send) else decided
    async with sessionmaker() as session:
        row = await load_claimed(session, queue, row_id)
        if row is None:
            return None
        if outcome.unreachable and isinstance(decided, Send) and decided.unreachable:
            outcome = await decided.unreachable(session, outcome)
        verdict = record(queue, row_id, row, outcome, now=now, policy=policy)
        if verdict is Verdict.SENT and isinstance(decided, Send) and decided.after is not None:
            await decided.after(session)
        await session.commit()
    return verdict


def record(
    queue: DueQueue[Any],
    row_id: int,
    row: Base,
    outcome: Outcome,
    *,
    now: datetime,
    policy: RetryPolicy,
) -> Verdict:
    """Write `outcome` to the row; a retry past the policy's maximum age becomes a failure."""
    if outcome.verdict is not Verdict.RETRY:
        note = _short(outcome.note)
        mark(queue, row, _STATUS[outcome.verdict], note=note, now=now, due_at=outcome.until)
        return outcome.verdict
    attempts = attempts_of(queue, row) + 1
    note = _short(f"attempt {attempts}: {outcome.note}")
    if policy.gives_up(attempts):
        mark(queue, row, DeliveryStatus.FAILED, note=note, now=now, attempts=attempts)
        log.error("%s %s gave up after %s attempts: %s", queue.name, row_id, attempts, note)
        return Verdict.FAILED
    due_at = now + policy.delay(attempts)
    mark(queue, row, DeliveryStatus.PENDING, note=note, now=now, due_at=due_at, attempts=attempts)
    log.warning("%s %s failed, retried at %s: %s", queue.name, row_id, due_at, note)
    return Verdict.RETRY


def _short(note: str | None) -> str | None:
    return note[:NOTE_LENGTH] if note is not None else None
