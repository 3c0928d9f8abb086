"""Reads a turn repeats, remembered for the rest of its transaction.

One update asks for the same rows several times (the lead's current facts, the points a
kind of event has earned, whether the sender is a rep). Each repository that remembers a
read also updates or forgets it where it writes those rows, so a remembered answer is the
one the query would give. Whatever is remembered is forgotten when the transaction ends
(commit or rollback): the next transaction reads afresh.
"""

from __future__ import annotations

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
