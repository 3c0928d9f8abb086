"""Claiming exactly the replies an update writes, to send them right after its commit.

The update's own transaction claims them with one `UPDATE … WHERE id IN (…) RETURNING`
before it commits: no other transaction ever sees them pending, so neither a second
instance nor the due-work engine can send them too, or send a later one of them first.
A reply stays pending for the engine, as in storage/claims.py, while an earlier message of
its chat is unfinished, unless that message is one of the replies claimed with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, not_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import UNFINISHED
from storage.models import Outbox
from storage.outbox import REQUEST

# The statements are built once: every update runs them, and building one (the alias
# above all) costs more than running it. No row of them is loaded in the session.
_IDS = bindparam("ids", expanding=True)
_CHATS = bindparam("chats", expanding=True)
_earlier = aliased(Outbox)
_claimable = and_(
    Outbox.id.in_(_IDS), Outbox.kind == REQUEST, Outbox.status == DeliveryStatus.PENDING
)
_blocked = exists().where(
    _earlier.chat_id == Outbox.chat_id,
    _earlier.id < Outbox.id,
    _earlier.status.in_(UNFINISHED),
    not_(
        and_(
            _earlier.id.in_(_IDS),
            _earlier.kind == REQUEST,
            _earlier.status == DeliveryStatus.PENDING,
        )
    ),
)
_CLAIM = (
    update(Outbox)
    .where(_claimable, ~_blocked)
    .values(status=DeliveryStatus.CLAIMED, claimed_at=bindparam("now"))
    .returning(Outbox.id, Outbox.chat_id, Outbox.payload)
    .execution_options(synchronize_session=False)
)
_CLAIM_IN_CHATS = _CLAIM.where(Outbox.chat_id.in_(_CHATS))
_OURS = and_(
    Outbox.id.in_(_IDS),
    Outbox.status == DeliveryStatus.CLAIMED,
    Outbox.claimed_at == bindparam("claimed"),
)
_FORGET = delete(Outbox).where(_OURS).execution_options(synchronize_session=False)
_RELEASE = (
    update(Outbox)
    .where(_OURS)
    .values(status=DeliveryStatus.PENDING)
    .execution_options(synchronize_session=False)
)


@dataclass(frozen=True)
class Claimed:
    """Replies claimed at `at`: (id, chat_id, the Bot API call) in id order."""

    at: datetime
    rows: list[tuple[int, int, dict[str, Any] | None]]


async def claim_replies(
    session: AsyncSession, ids: Sequence[int], now: datetime, *, chats: frozenset[int] | None
) -> Claimed:
    """The pending Bot API calls among `ids` (to one of `chats`, None: any) that are first
    in their chat, now claimed at `now`."""
    params: dict[str, Any] = {"ids": list(ids), "now": now}
    statement = _CLAIM
    if chats is not None:
        statement, params["chats"] = _CLAIM_IN_CHATS, list(chats)
    rows = await session.execute(statement, params)
    return Claimed(now, sorted((row.id, row.chat_id, row.payload) for row in rows))


async def forget_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Delete replies Telegram took (they quote the chat, and nothing reads them), unless
    the claim went stale meanwhile and the row is another worker's now."""
    await session.execute(_FORGET, {"ids": list(ids), "claimed": claimed})


async def release_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Give claimed replies that were not sent back to the queue, for the engine."""
    await session.execute(_RELEASE, {"ids": list(ids), "claimed": claimed})
