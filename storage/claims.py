"""Claiming due work so that two instances never do the same row twice.

A row is claimed by an UPDATE that only succeeds while its status is still `pending`; the
RETURNING clause tells each worker which rows it won. A claim older than the queue's
`stale` belongs to a worker that died, and goes back to pending. In a queue with a
`serial` column, a row waits while an earlier row with the same value is unfinished, so
the messages of one chat and the changes of one lead leave in the order they were made.

Just before its request is made a row becomes `sending`, in a commit of its own. A worker
that dies after that leaves the row in doubt: the receiver may have taken it or not, and
Telegram offers no way to ask. When such a claim goes stale, a row matching the queue's
`presumed_sent` becomes `unsure` (not made again, listed for a person); any other is made
again. See README, "Exactly once".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, exists, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from bot.qualify.vocabulary import DeliveryStatus
from storage.models import Base

log = logging.getLogger(__name__)
Row = TypeVar("Row", bound=Base)
Table = TypeVar("Table", bound=Base)


@dataclass(frozen=True)
class DueQueue(Generic[Row]):
    """A table of due work and the columns its claim reads and writes."""

    name: str
    model: type[Row]
    status: InstrumentedAttribute[str]
    due_at: InstrumentedAttribute[Any]
    # When the claim was taken; a table without such a column may reuse due_at for it.
    claimed_at: InstrumentedAttribute[Any]
    attempts: InstrumentedAttribute[int]
    note: InstrumentedAttribute[str | None]
    sent_at: InstrumentedAttribute[Any] | None
    # A claim older than this belongs to a worker that stopped mid-way.
    stale: timedelta
    # True: strictly by id (the order things happened), and a NULL due_at means now.
    in_order: bool = False
    # Rows with the same value here are sent one after another, in id order.
    serial: InstrumentedAttribute[Any] | None = None
    # Rows for which a doubled delivery is worse than a missed one that someone else
    # catches: cut off mid-send, they are presumed delivered. None: every row is made again.
    presumed_sent: ColumnElement[bool] | None = None

    @staticmethod
    def of(
        name: str,
        model: type[Table],
        *,
        stale: timedelta,
        serial: InstrumentedAttribute[Any] | None = None,
        presumed_sent: ColumnElement[bool] | None = None,
    ) -> DueQueue[Table]:
        """The queue of a table whose columns bear the usual names (status, due_at, …)."""
        table: Any = model  # a table without those columns fails here, at import
        return DueQueue(
            name=name,
            model=model,
            status=table.status,
            due_at=table.due_at,
            claimed_at=table.claimed_at,
            attempts=table.attempts,
            note=table.note,
            sent_at=table.sent_at,
            stale=stale,
            serial=serial,
            presumed_sent=presumed_sent,
        )

    @property
    def id(self) -> Any:
        """The primary key column."""
        return self.model.id  # type: ignore[attr-defined]  # every queue table has an id

    def is_due(self, now: datetime) -> ColumnElement[bool]:
        """Pending and due at `now`."""
        due = self.due_at <= now
        if self.in_order:
            due = self.due_at.is_(None) | due
        return (self.status == DeliveryStatus.PENDING) & due & self.first_of_its_series()

    def first_of_its_series(self) -> ColumnElement[bool]:
        """No earlier row of the same series is still pending or claimed."""
        if self.serial is None:
            return true()
        earlier: Any = aliased(self.model)
        return ~exists().where(
            getattr(earlier, self.serial.key) == self.serial,
            earlier.id < self.id,
            getattr(earlier, self.status.key).in_(UNFINISHED),
        )


UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)


async def claim_due(
    session: AsyncSession,
    queue: DueQueue[Any],
    now: datetime,
    *,
    batch: int,
    ids: list[int] | None = None,
    stale: timedelta | None = None,
    only: ColumnElement[bool] | None = None,
) -> list[int]:
    """Ids of up to `batch` due rows of `queue` (of `ids` only, if given, and matching
    `only`, if given), now claimed; stale claims (older than `stale`, else the queue's)
    are freed first."""
    await recover_stale(session, queue, now - (stale if stale is not None else queue.stale))
    order = (queue.id,) if queue.in_order else (queue.due_at, queue.id)
    due = select(queue.id).where(queue.is_due(now)).order_by(*order).limit(batch)
    if ids is not None:
        due = due.where(queue.id.in_(ids))
    if only is not None:
        due = due.where(only)
    claimed = await session.scalars(
        update(queue.model)
        .where(queue.id.in_(due), queue.status == DeliveryStatus.PENDING)
        .values({queue.status: DeliveryStatus.CLAIMED, queue.claimed_at: now})
        .returning(queue.id)
    )
    return sorted(claimed)


async def touch(
    session: AsyncSession, queue: DueQueue[Any], row_id: int, *, claimed: datetime, at: datetime
) -> bool:
    """Renew our claim (taken at `claimed`) just before the row is sent; False if it was
    recovered as stale meanwhile and belongs to another worker now, so we must not send.
    A claim thus goes stale only while its own send hangs, never while it waits its turn."""
    renewed = await session.scalars(
        update(queue.model)
        .where(
            queue.id == row_id,
            queue.status == DeliveryStatus.CLAIMED,
            queue.claimed_at == claimed,
        )
        .values({queue.claimed_at: at})
        .returning(queue.id)
    )
    return renewed.first() is not None


async def recover_stale(session: AsyncSession, queue: DueQueue[Any], before: datetime) -> None:
    """Free the claims taken before `before`: their worker stopped. A row whose request was
    never made is simply pending again; one cut off mid-send is in doubt (module docstring)."""
    expired = queue.claimed_at < before
    await _settle(
        session,
        queue,
        (queue.status == DeliveryStatus.CLAIMED) & expired,
        DeliveryStatus.PENDING,
        "claim expired; the worker stopped before sending",
    )
    cut_off = (queue.status == DeliveryStatus.SENDING) & expired
    if queue.presumed_sent is not None:
        unsure = await _settle(
            session,
            queue,
            cut_off & queue.presumed_sent,
            DeliveryStatus.UNSURE,
            "in doubt: the worker stopped mid-send; presumed delivered, not sent again",
        )
        for row_id in unsure:
            log.warning("%s %s: send cut off, presumed delivered (unsure)", queue.name, row_id)
    await _settle(
        session,
        queue,
        cut_off,
        DeliveryStatus.PENDING,
        "in doubt: the worker stopped mid-send; sent again",
    )


async def _settle(
    session: AsyncSession,
    queue: DueQueue[Any],
    where: ColumnElement[bool],
    status: DeliveryStatus,
    note: str,
) -> list[int]:
    settled = await session.scalars(
        update(queue.model)
        .where(where)
        .values({queue.status: status, queue.note: note})
        .returning(queue.id)
    )
    return list(settled)


async def start_sending(
    session: AsyncSession, queue: DueQueue[Any], row_id: int, *, at: datetime
) -> None:
    """Record that the row's request is about to be made; commit before making it."""
    await session.execute(
        update(queue.model)
        .where(queue.id == row_id, queue.status == DeliveryStatus.CLAIMED)
        .values({queue.status: DeliveryStatus.SENDING, queue.claimed_at: at})
    )
