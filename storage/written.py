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
from typing import Any, cast

from sqlalchemy import BindParameter, Table, and_, bindparam, delete, exists, not_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import UNFINISHED
from storage.models import Outbox
from storage.outbox import REQUEST, written

# The statements are built once, in Core: every update runs them, and building one (the
# alias above all) or letting the ORM annotate it costs more than running it on SQLite.
# No row of them is loaded in a session, so the ORM has nothing to keep in step.
_outbox = cast(Table, Outbox.__table__)
_earlier = _outbox.alias("earlier")
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_CHATS: BindParameter[list[int]] = bindparam("chats", expanding=True)
_claimable = and_(
    _outbox.c.id.in_(_IDS),
    _outbox.c.kind == REQUEST,
    _outbox.c.status == DeliveryStatus.PENDING,
)
_blocked = exists().where(
    _earlier.c.chat_id == _outbox.c.chat_id,
    _earlier.c.id < _outbox.c.id,
    _earlier.c.status.in_(UNFINISHED),
    not_(
        and_(
            _earlier.c.id.in_(_IDS),
            _earlier.c.kind == REQUEST,
            _earlier.c.status == DeliveryStatus.PENDING,
        )
    ),
)
_CLAIM = (
    update(_outbox)
    .where(_claimable, ~_blocked)
    .values(status=DeliveryStatus.CLAIMED, claimed_at=bindparam("now"))
    .returning(_outbox.c.id, _outbox.c.chat_id, _outbox.c.payload)
)
_CLAIM_IN_CHATS = _CLAIM.where(_outbox.c.chat_id.in_(_CHATS))
_OURS = and_(
    _outbox.c.id.in_(_IDS),
    _outbox.c.status == DeliveryStatus.CLAIMED,
    _outbox.c.claimed_at == bindparam("claimed"),
)
_FORGET = delete(_outbox).where(_OURS)
_RELEASE = update(_outbox).where(_OURS).values(status=DeliveryStatus.PENDING)


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


async def claim_written(
    session: AsyncSession, now: datetime, *, chats: frozenset[int] | None
) -> tuple[list[int], Claimed]:
    """The ids of the outbox rows this transaction wrote (flushed to get them), in order,
    and those of them claimed as in `claim_replies`; just before the commit."""
    await session.flush()
    ids = written(session)
    return ids, await claim_replies(session, ids, now, chats=chats)


async def forget_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Delete replies Telegram took (they quote the chat, and nothing reads them), unless
    the claim went stale meanwhile and the row is another worker's now."""
    await session.execute(_FORGET, {"ids": list(ids), "claimed": claimed})


async def release_replies(session: AsyncSession, ids: Sequence[int], claimed: datetime) -> None:
    """Give claimed replies that were not sent back to the queue, for the engine."""
    await session.execute(_RELEASE, {"ids": list(ids), "claimed": claimed})
