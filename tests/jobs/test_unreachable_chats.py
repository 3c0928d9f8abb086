"""Telegram will not deliver to a chat (400 "chat not found", 403 "bot was blocked by the
user"): no retries; a rep's handover goes to the next rep (or the admins), a prospect's
queue is cancelled and the block recorded."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.factory import Dependencies
from bot.jobs.follow_ups import send_due
from bot.jobs.outbox import deliver_outbox
from bot.qualify.vocabulary import DeliveryStatus
from storage.models import Event, Handover, Outbox, Rep, ScheduledMessage
from tests.support import HOT, FakeClock, Prospect, add_plain_rep, one, stored_lead, with_settings

ANNA, BEN, ADMIN = 11, 12, 900


class RefusingSession(LocalSession):
    """Refuses the next message to any chat in `refuse` (once per chat set, then delivers)."""

    def __init__(self) -> None:
        super().__init__()
        self.refuse: set[int] = set()
        self.refusal: Exception | None = None
        self.refused: list[int] = []

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        if isinstance(method, SendMessage) and int(method.chat_id) in self.refuse:
            assert self.refusal is not None
            self.refused.append(int(method.chat_id))
            self.requests.append(method)
            raise self.refusal
        return await super().make_request(bot, method, timeout)


def not_found() -> TelegramBadRequest:
    return TelegramBadRequest(method=SendMessage(chat_id=1, text="x"), message="chat not found")


def blocked() -> TelegramForbiddenError:
    message = "Forbidden: bot was blocked by the user"
    return TelegramForbiddenError(method=SendMessage(chat_id=1, text="x"), message=message)


@pytest.fixture
def bot_session() -> RefusingSession:
    return RefusingSession()


@pytest.fixture
async def two_reps(sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock) -> None:
    async with sessionmaker() as session:
        for user, name in ((ANNA, "Anna"), (BEN, "Ben")):
            await add_plain_rep(session, user, name, now=clock())
        await session.commit()


async def _handover(sessionmaker: async_sessionmaker[AsyncSession]) -> Handover:
    async with sessionmaker() as session:
        return await one(session, select(Handover))


async def _rep(sessionmaker: async_sessionmaker[AsyncSession], user: int) -> Rep:
    async with sessionmaker() as session:
        return await one(session, select(Rep).where(Rep.telegram_user_id == user))


async def test_a_card_to_a_chat_not_found_goes_to_the_next_rep(
    two_reps: None,
    prospect: Prospect,
    deps: Dependencies,
    bot_session: RefusingSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    bot_session.refuse, bot_session.refusal = {ANNA, BEN}, not_found()
    await prospect.says(HOT)
    [lost] = bot_session.refused  # the first card went nowhere
    bot_session.refuse = set()
    other = BEN if lost == ANNA else ANNA
    assert await deliver_outbox(deps, prospect.bot) == {"sent": 1}
    assert any("Greta" in text for text in bot_session.sent_texts(other))
    handover = await _handover(sessionmaker)
    assert handover.status == "offered"
    assert handover.rep_id == (await _rep(sessionmaker, other)).id
    assert not (await _rep(sessionmaker, lost)).available
    async with sessionmaker() as session:
        card = await one(session, select(Outbox).where(Outbox.chat_id == lost))
    assert card.status == DeliveryStatus.CANCELLED and card.attempts == 0
    assert card.note is not None and "rerouted" in card.note


async def test_when_no_rep_can_be_reached_the_admins_get_the_lead(
    two_reps: None,
    prospect: Prospect,
    deps: Dependencies,
    bot_session: RefusingSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    deps = with_settings(deps, admin_ids=[ADMIN], manager_chat_id=None)
    await prospect.agrees()
    bot_session.refuse, bot_session.refusal = {ANNA, BEN}, blocked()
    await prospect.says(HOT)
    await deliver_outbox(deps, prospect.bot)
    await deliver_outbox(deps, prospect.bot)
    assert sorted(bot_session.refused) == [ANNA, BEN]
    assert (await _handover(sessionmaker)).status == "escalated"
    assert any("Nobody accepted this lead" in text for text in bot_session.sent_texts(ADMIN))
    assert await deliver_outbox(deps, prospect.bot) == {}  # nothing left to retry


async def test_a_prospect_who_blocked_the_bot_has_everything_queued_cancelled(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    bot_session: RefusingSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.says("/start")
    await prospect.presses("Yes, and keep me posted")
    await prospect.presses("No, not yet")
    lead = await stored_lead(sessionmaker)
    bot_session.refuse, bot_session.refusal = {lead.chat_id}, blocked()
    await prospect.says("We need a helpdesk, our support mails get lost")
    assert bot_session.refused == [lead.chat_id]  # one try, then everything was cancelled
    async with sessionmaker() as session:
        queued: list[Any] = [
            *await session.scalars(select(Outbox.status).where(Outbox.chat_id == lead.chat_id)),
            *await session.scalars(select(ScheduledMessage.status)),
        ]
        events = list(await session.scalars(select(Event.kind).where(Event.lead_id == lead.id)))
    assert DeliveryStatus.PENDING not in queued and DeliveryStatus.CANCELLED in queued
    assert events.count("bot_blocked") == 1
    clock.advance(days=30)
    assert await deliver_outbox(deps, prospect.bot) == {}
    assert await send_due(deps, prospect.bot) == {}
    assert bot_session.refused == [lead.chat_id]
