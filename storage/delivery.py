"""The tables that hold due work, and how a delivery's outcome is written to a row."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import DueQueue
from storage.models import Base, Lead, LifecycleChange, Outbox, ScheduledMessage

Row = TypeVar("Row", bound=Base)

# A message to a chat that is no prospect's: a rep's card, a notice to the manager chat.
TO_STAFF = Outbox.chat_id.not_in(select(Lead.chat_id).scalar_subquery())
# The messages of one chat leave in the order they were written. Cut off mid-send, one to
# the staff is presumed delivered: a second card is noise on the desk, and a card that did
# not arrive is still caught, as the handover's SLA moves an offer nobody took. One to a
# prospect is sent again: a stalled dialog costs more than a line read twice.
OUTBOX = DueQueue.of(
    "outbox", Outbox, stale=timedelta(minutes=5), serial=Outbox.chat_id, presumed_sent=TO_STAFF
)
FOLLOW_UPS = DueQueue.of("follow-ups", ScheduledMessage, stale=timedelta(minutes=10))

# The lifecycle table is the CRM webhook's outbox. It has no claimed_at: a claim sets
# webhook_due_at to the moment of claiming, which is what stale recovery compares against.
CRM_CHANGES = DueQueue(
    name="crm-webhook",
    model=LifecycleChange,
    status=LifecycleChange.webhook_status,
    due_at=LifecycleChange.webhook_due_at,
    claimed_at=LifecycleChange.webhook_due_at,
    attempts=LifecycleChange.webhook_attempts,
    note=LifecycleChange.webhook_note,
    sent_at=None,
    # A batch of 50 posts with a 10 s timeout each takes at most about 8 minutes.
    stale=timedelta(minutes=15),
    in_order=True,
    # A change that failed holds back the later changes of its lead: the CRM sees them in order.
    serial=LifecycleChange.lead_id,
)


# Rows the worker will not send again by itself: `leadbot outbox list --failed` shows them.
NEEDS_A_PERSON = (DeliveryStatus.FAILED, DeliveryStatus.UNSURE)


def to_chats(queue: DueQueue[Any], chats: frozenset[int] | None) -> ColumnElement[bool] | None:
    """The rows of `queue` addressed to one of `chats` (None: every row). A console
    delivers only to its own chat, so two consoles on one database each get their own."""
    if chats is None:
        return None
    if queue.model is Outbox:
        return Outbox.chat_id.in_(chats)
    if queue.model is ScheduledMessage:
        return ScheduledMessage.lead_id.in_(select(Lead.id).where(Lead.chat_id.in_(chats)))
    raise ValueError(f"the {queue.name} queue does not go to chats")


async def load_claimed(session: AsyncSession, queue: DueQueue[Row], row_id: int) -> Row | None:
    """A claimed row, or None if it was erased since the claim."""
    return await session.get(queue.model, row_id)


def attempts_of(queue: DueQueue[Any], row: Base) -> int:
    """How many times delivering `row` has failed so far."""
    attempts: int = getattr(row, queue.attempts.key)
    return attempts


def mark(
    queue: DueQueue[Any],
    row: Base,
    status: DeliveryStatus,
    *,
    note: str | None,
    now: datetime,
    due_at: datetime | None = None,
    attempts: int | None = None,
) -> None:
    """Write what happened to `row`: its status, note and, as they apply, times and attempts."""
    values: dict[str, Any] = {queue.status.key: status, queue.note.key: note}
    if status == DeliveryStatus.SENT and queue.sent_at is not None:
        values[queue.sent_at.key] = now
    if due_at is not None:
        values[queue.due_at.key] = due_at
    if attempts is not None:
        values[queue.attempts.key] = attempts
    for key, value in values.items():
        setattr(row, key, value)


async def outbox_rows(session: AsyncSession, *, failed_only: bool, limit: int) -> list[Outbox]:
    """Outbox rows, newest first; only those given up on, or unsure, when `failed_only`."""
    query = select(Outbox).order_by(Outbox.id.desc()).limit(limit)
    if failed_only:
        query = query.where(Outbox.status.in_(NEEDS_A_PERSON))
    return list(await session.scalars(query))


async def retry_outbox_row(session: AsyncSession, row_id: int, now: datetime) -> Outbox | None:
    """Put a failed, unsure or cancelled row back in the queue, due now, attempts reset."""
    row = await session.get(Outbox, row_id)
    if row is None or row.status not in (*NEEDS_A_PERSON, DeliveryStatus.CANCELLED):
        return None
    row.status, row.due_at, row.attempts, row.claimed_at = DeliveryStatus.PENDING, now, 0, None
    row.note = f"retried by hand at {now.isoformat(timespec='seconds')}"
    return row
