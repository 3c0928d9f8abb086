"""Reads a turn repeats, remembered for the rest of its transaction.

One update asks for the same rows several times (the lead's current facts, the points a
kind of event has earned, whether the sender is a rep). Each repository that remembers a
read also updates or forgets it where it writes those rows, so a remembered answer is the
one the query would give. Whatever is remembered is forgotten when the transaction ends
(commit or rollback): the next transaction reads afresh.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

MEMO = "leadbot_memo"


def remembered(session: AsyncSession) -> dict[Any, Any]:
    """What this session's transaction remembers, by key."""
    memo: dict[Any, Any] = session.info.setdefault(MEMO, {})
    return memo


def forget_all(session: AsyncSession) -> None:
    """Forget everything remembered (after writes no repository accounts for, e.g. erasure)."""
    session.info.pop(MEMO, None)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    # A flush runs in a subtransaction of its own: that ending changes nothing here. The
    # real transaction or a savepoint ending (committed or rolled back) does.
    if transaction.parent is None or transaction.nested:
        session.info.pop(MEMO, None)


@contextmanager
def unflushed(session: AsyncSession, *tables: type[Any]) -> Iterator[None]:
    """Read without the autoflush when no row waiting to be flushed is of `tables`: the
    query's answer is the same, and a turn's writes go out together in one flush at the
    end instead of one by one between its reads."""
    sync = session.sync_session
    waiting = itertools.chain(sync.new, sync.dirty, sync.deleted)
    if any(isinstance(row, tables) for row in waiting):
        yield
        return
    with sync.no_autoflush:
        yield


@event.listens_for(Session, "before_flush")
def _rows_flushed(session: Session, *_: Any) -> None:
    # A key that starts with a table's class (e.g. (Handover, "waiting", 7)) holds a read of
    # that table: forgotten when a row of it is written, for repositories that do not keep
    # their reads current themselves.
    memo = session.info.get(MEMO)
    if not memo:
        return
    written = {type(row) for row in itertools.chain(session.new, session.dirty, session.deleted)}
    for key in [k for k in memo if isinstance(k, tuple) and k and k[0] in written]:
        del memo[key]
