"""Sending an update's replies right after its commit: two statements, not seven each.

The replies were claimed in the update's own transaction (storage/written.py); they are
sent in order with no transaction open, and the ones Telegram took are deleted in one
statement. A reply that fails is recorded as the engine records it (retry, defer,
unreachable), and the replies after it in its chat wait for it; whatever was not claimed
(notices, a chat with older messages unfinished) is left to the due-work engine.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from bot.jobs.engine import Outcome, Verdict, record
from bot.jobs.outbox import deliver_outbox, replayed
from bot.jobs.retry import RetryPolicy
from bot.jobs.telegram import call
from bot.jobs.unreachable import when_unreachable
from bot.qualify.vocabulary import DeliveryStatus
from storage.delivery import OUTBOX, load_claimed
from storage.written import Claimed, forget_replies, release_replies

if TYPE_CHECKING:  # the dispatcher factory wires this in: import for types only
    from bot.factory import Dependencies


async def send_replies(
    deps: Dependencies, bot: Bot, ids: list[int], claimed: Claimed | None
) -> dict[str, int]:
    """Send what the update wrote in the order it wrote it: the replies it claimed here,
    the rest of `ids` (a rep's card, say) through the engine."""
    rows = claimed.rows if claimed is not None else []
    now = claimed.at if claimed is not None else deps.clock()
    first = rows[0][0] if rows else None
    counts: Counter[str] = Counter()
    if first is not None and ids[0] < first:
        counts.update(await deliver_outbox(deps, bot, ids=[i for i in ids if i < first]))
    done = await _send_claimed(deps, bot, rows, now, counts)
    after = [i for i in ids if i not in done and (first is None or i >= first)]
    if after:
        counts.update(await deliver_outbox(deps, bot, ids=after))
    return dict(counts)


async def _send_claimed(
    deps: Dependencies,
    bot: Bot,
    rows: list[tuple[int, int, dict[str, Any] | None]],
    now: datetime,
    counts: Counter[str],
) -> set[int]:
    """Send claimed replies in order until one fails; the ids sent or recorded as failed."""
    stale = deps.settings.outbox_claim_stale_seconds
    # A send gives up at a quarter of the claim's life, none starts after half: never stale.
    age = max(0.0, (deps.clock() - now).total_seconds())
    timeout, deadline = max(1, int(stale / 4)), time.monotonic() + stale / 2 - age
    sent: list[int] = []
    unsent: list[int] = []
    failed: tuple[int, Outcome] | None = None
    for row_id, _chat_id, payload in rows:
        if failed is not None or payload is None or time.monotonic() > deadline:
            unsent.append(row_id)
            continue
        outcome = await call(
            bot, replayed(payload), now=now, blocked=Verdict.CANCELLED, timeout=timeout
        )
        if outcome.verdict is Verdict.SENT:
            sent.append(row_id)
        else:
            failed = (row_id, outcome)
    if sent or failed is not None or unsent:
        async with deps.sessionmaker() as session:
            if sent:
                await forget_replies(session, sent, now)
            if failed is not None:
                await _record_failure(deps, session, failed, now)
            if unsent:
                await release_replies(session, unsent, now)
            await session.commit()
    if sent:
        counts["sent"] += len(sent)
    if failed is not None:
        counts[str(failed[1].verdict)] += 1
    return set(sent) | ({failed[0]} if failed is not None else set())


async def _record_failure(
    deps: Dependencies, session: AsyncSession, failed: tuple[int, Outcome], now: datetime
) -> None:
    """Write a failed reply's outcome as the engine would (bot/jobs/engine._handle_one)."""
    row_id, outcome = failed
    row = await load_claimed(session, OUTBOX, row_id)
    if row is None or row.status != DeliveryStatus.CLAIMED or row.claimed_at != now:
        return  # erased, or no longer ours
    if outcome.unreachable:
        act = when_unreachable(deps.content_store.current, deps.settings, row.chat_id, now)
        outcome = await act(session, outcome)
    record(OUTBOX, row_id, row, outcome, now=now, policy=RetryPolicy.from_settings(deps.settings))
