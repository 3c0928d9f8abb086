"""Claiming exactly the replies an update just wrote, to send them right after its commit.

One `UPDATE … WHERE id IN (…) AND status = 'pending' RETURNING`: a row goes to whoever's
update flips it first, so a second instance (or the due-work engine) never sends it too.
A reply waits, as in the engine (storage/claims.py), while an earlier message of its chat
is unfinished, unless that message is one of the replies claimed by the same statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, not_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import UNFINISHED
from storage.models import Outbox
from storage.outbox import REQUEST


async def claim_replies(
    session: AsyncSession, ids: Sequence[int], now: datetime, *, chats: frozenset[int] | None
) -> list[tuple[int, int, dict[str, Any] | None]]:
    """The pending Bot API calls among `ids` (to one of `chats`, None: any) that are first
    in their chat, now claimed at `now`: (id, chat_id, payload) in id order."""
    ours = (Outbox.id.in_(ids), Outbox.kind == REQUEST, Outbox.status == DeliveryStatus.PENDING)
    if chats is not None:
        ours += (Outbox.chat_id.in_(chats),)
    earlier = aliased(Outbox)
    claimed_with_it = and_(
        earlier.id.in_(ids), earlier.kind == REQUEST, earlier.status == DeliveryStatus.PENDING
    )
    blocked = exists().where(
        earlier.chat_id == Outbox.chat_id,
        earlier.id < Outbox.id,
        earlier.status.in_(UNFINISHED),
        not_(claimed_with_it),
    )
    rows = await session.execute(
        update(Outbox)
        .where(*ours, ~blocked)
        .values(status=DeliveryStatus.CLAIMED, claimed_at=now)
        .returning(Outbox.id, Outbox.chat_id, Outbox.payload)
    )
    return sorted((row.id, row.chat_id, row.payload) for row in rows)


async def forget_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Delete replies Telegram took (they quote the chat, and nothing reads them), unless
    the claim went stale meanwhile and the row is another worker's now."""
    await session.execute(
        delete(Outbox).where(
            Outbox.id.in_(ids),
            Outbox.status == DeliveryStatus.CLAIMED,
            Outbox.claimed_at == claimed,
        )
    )


async def release_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Give claimed replies that were not sent back to the queue, for the engine."""
    await session.execute(
        update(Outbox)
        .where(
            Outbox.id.in_(ids),
            Outbox.status == DeliveryStatus.CLAIMED,
            Outbox.claimed_at == claimed,
        )
        .values(status=DeliveryStatus.PENDING)
    )
