"""A send cut off by a crash is in doubt: Telegram may have taken it. When its claim goes
stale, a message to a prospect is sent again and one to the staff (a rep's card) is
presumed delivered, marked unsure and listed for a person; a claim whose request was never
made is simply sent. (The real process, killed: tests/e2e/test_crash.py.)"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.qualify.vocabulary import DeliveryStatus
from storage.claims import claim_due, start_sending
from storage.delivery import OUTBOX, outbox_rows, retry_outbox_row
from storage.models import Outbox
from storage.outbox import enqueue_request
from tests.support import FakeClock, Prospect

PROSPECT, REP_CHAT = 41, 4711


async def _queued(session: AsyncSession, chat_id: int, clock: FakeClock) -> int:
    params = {"chat_id": chat_id, "text": f"to {chat_id}"}
    enqueue_request(session, chat_id=chat_id, method="SendMessage", params=params, now=clock())
    await session.flush()
    row_ids: list[int] = [row.id for row in session.info["outbox"]]
    return row_ids[-1]


async def _status(session: AsyncSession, row_id: int) -> str:
    row = await session.get(Outbox, row_id, populate_existing=True)
    assert row is not None
    return row.status


async def test_a_cut_off_send_is_sent_again_to_a_prospect_and_presumed_delivered_to_a_rep(
    deps: Dependencies, dispatcher: Dispatcher, bot_session: LocalSession, clock: FakeClock
) -> None:
    await Prospect(dispatcher, bot_session, user_id=PROSPECT).agrees()
    async with deps.sessionmaker() as session:
        reply = await _queued(session, PROSPECT, clock)
        card = await _queued(session, REP_CHAT, clock)
        waiting = await _queued(session, REP_CHAT + 1, clock)  # claimed, never sent
        ids = [reply, card, waiting]
        await session.commit()
        assert await claim_due(session, OUTBOX, clock(), batch=50, ids=ids) == ids
        for row_id in (reply, card):
            await start_sending(session, OUTBOX, row_id, at=clock())
        await session.commit()
        assert await claim_due(session, OUTBOX, clock(), batch=50, ids=ids) == []  # not stale

        later = clock() + OUTBOX.stale + timedelta(seconds=1)
        assert await claim_due(session, OUTBOX, later, batch=50, ids=ids) == [reply, waiting]
        await session.commit()
        assert await _status(session, card) == DeliveryStatus.UNSURE
        listed = await outbox_rows(session, failed_only=True, limit=10)
        assert [row.id for row in listed] == [card]

        assert await retry_outbox_row(session, card, later) is not None  # a person decides
        await session.commit()
        assert await _status(session, card) == DeliveryStatus.PENDING
