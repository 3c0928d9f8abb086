"""Bad input gets a clear, polite answer; duplicates and failures lose nothing."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
from aiogram import Dispatcher
from aiogram.types import Contact, Location, PhotoSize, Sticker, Voice
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.dialogs.callbacks import ConsentCallback
from bot.factory import Dependencies
from bot.jobs.outbox import deliver_outbox
from storage.models import Message, ProcessedUpdate
from tests.support import FakeClock, Prospect

PLEASE_TYPE = "I can only read text for now. Could you type it for me?"


async def _broken(*args: object, **kwargs: object) -> NoReturn:
    raise RuntimeError("database fell over")


async def _messages(sessionmaker: async_sessionmaker[AsyncSession]) -> list[str]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Message.text).order_by(Message.id)))


async def test_duplicate_update_is_skipped(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    update = prospect.message_update("We need it for 30 agents")
    await prospect.feed(update)
    first = prospect.replies()
    await prospect.feed(update)
    assert first == ["How many people work at your company?"]
    assert prospect.replies() == []
    assert await _messages(sessionmaker) == ["We need it for 30 agents"]
    async with sessionmaker() as session:
        assert await session.get(ProcessedUpdate, update.update_id) is not None


async def test_non_text_messages_get_a_polite_answer(prospect: Prospect) -> None:
    await prospect.agrees()
    samples = {
        "sticker": Sticker(
            file_id="s",
            file_unique_id="s",
            type="regular",
            width=1,
            height=1,
            is_animated=False,
            is_video=False,
        ),
        "photo": [PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)],
        "voice": Voice(file_id="v", file_unique_id="v", duration=3),
        "location": Location(latitude=53.55, longitude=9.99),
        "contact": Contact(phone_number="+49 40 1234", first_name="Greta"),
    }
    for field, value in samples.items():
        fields: dict[str, Any] = {field: value}
        assert await prospect.says(**fields) == [PLEASE_TYPE], field


async def test_unknown_command_points_to_help(prospect: Prospect) -> None:
    assert await prospect.says("/frobnicate") == [
        "I don't know that command. /help lists what I can do."
    ]


async def test_stale_and_forged_callbacks_are_answered_not_crashed(prospect: Prospect) -> None:
    await prospect.says("/start")
    assert await prospect.presses_data("no-such-button:1") == ["That button has expired."]
    # A choice the consent buttons never carry: typed callback data refuses to unpack it.
    forged = ConsentCallback.__prefix__ + ":everything"
    assert await prospect.presses_data(forged) == ["That button has expired."]
    for data in ("q:dance:need:", "q:answer:budget:lots", "lang:xx", "forget:maybe"):
        assert await prospect.presses_data(data) == ["That button has expired."], data


async def test_edited_message_is_read_as_a_new_answer(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says("budget 40k")
    replies = await prospect.edits(10_001, "budget 45k")
    assert replies[0] == "Updated: budget is now 45,000 (was 40,000)."
    assert await _messages(sessionmaker) == ["budget 40k", "budget 45k"]


async def test_very_long_text_is_kept_whole_and_acknowledged(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    text = "We need a service desk. " * 400  # 9,600 characters
    replies = await prospect.says(text)
    assert "long message" in replies[0] and "4096" in replies[0]
    assert await _messages(sessionmaker) == [text]


async def test_other_telegram_languages_fall_back_to_english(
    dispatcher: Dispatcher, bot_session: LocalSession
) -> None:
    french = Prospect(dispatcher, bot_session, user_id=7001, language_code="fr")
    replies = await french.says("/start")
    assert replies[0].startswith("Hello, Greta!")


async def test_german_is_chosen_from_language_code_and_switchable(
    german_prospect: Prospect,
) -> None:
    replies = await german_prospect.says("/start")
    assert replies[0].startswith("Hallo, Jörg!")
    await german_prospect.says("/language")
    assert await german_prospect.presses("English") == ["From now on I'll write in English."]
    assert (await german_prospect.says("/help"))[0].startswith("<b>What I can do</b>")


async def test_failing_handler_apologises_and_rolls_back(
    prospect: Prospect,
    sessionmaker: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await prospect.agrees()
    monkeypatch.setattr("bot.qualify.qualification.take_message", _broken)
    update = prospect.message_update("We need it by March")
    await prospect.feed(update)
    assert prospect.replies() == [
        "Sorry, something went wrong on my side. I have logged it; please try again in a moment."
    ]
    async with sessionmaker() as session:
        assert await session.get(ProcessedUpdate, update.update_id) is None
        count = await session.scalar(select(func.count()).select_from(Message))
    assert count == 0
    monkeypatch.undo()
    assert await prospect.says("still there?")


async def test_the_apology_is_in_the_leads_language(
    german_prospect: Prospect, monkeypatch: pytest.MonkeyPatch
) -> None:
    await german_prospect.says("/start")
    await german_prospect.says("/language")
    await german_prospect.presses("English")
    monkeypatch.setattr("bot.qualify.qualification.take_message", _broken)
    assert await german_prospect.says("Wir brauchen ein Ticketsystem") == [
        "Sorry, something went wrong on my side. I have logged it; please try again in a moment."
    ]


async def test_a_reply_telegram_fails_to_take_is_sent_later_and_in_order(
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    deps: Dependencies,
    clock: FakeClock,
) -> None:
    from aiogram.exceptions import TelegramNetworkError
    from aiogram.methods import SendMessage

    await prospect.agrees()
    bot_session.queue(
        TelegramNetworkError(method=SendMessage(chat_id=1, text="x"), message="timeout")
    )
    failed = await prospect.says("hello")
    assert await _messages(sessionmaker) == ["hello"]
    # The next reply waits behind the one Telegram did not take: a chat's order is kept.
    assert await prospect.says("hello again") == []
    clock.advance(seconds=5)
    counts = await deliver_outbox(deps, prospect.bot)
    delivered = prospect.replies()
    assert counts == {"sent": len(delivered)} and delivered[0] == failed[0]
    assert "sorry" not in " ".join(delivered).lower()


async def test_handled_update_ids_are_forgotten_after_the_retention_window(
    prospect: Prospect,
    sessionmaker: async_sessionmaker[AsyncSession],
    deps: Dependencies,
    clock: FakeClock,
) -> None:
    from bot.jobs.upkeep import prune_job

    await prospect.says("/start")
    clock.advance(hours=deps.settings.processed_updates_retention_hours - 1)
    await prune_job(deps)
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
    clock.advance(hours=2)
    await prune_job(deps)
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0
