"""Export and erasure: the prospect sees everything and can make it disappear."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.leads import was_erased
from storage.models import Base, ErasedChat
from tests.support import FakeClock, Prospect

SECRET_SENTENCE = "Our budget for the Zephyrine project is 48k"


async def _all_rows_as_text(sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    dump = []
    async with sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                dump.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(dump)


async def test_mydata_sends_everything_stored_as_json(
    prospect: Prospect, clock: FakeClock
) -> None:
    await prospect.says("/start ad_spring")
    await prospect.presses("Yes, and keep me posted")
    await prospect.says(SECRET_SENTENCE)
    replies = await prospect.says("/mydata")
    assert replies == ["Everything Nordwerk Software has stored about you."]
    document = json.loads(prospect.last_document())
    assert document["lead"]["first_name"] == "Greta"
    assert document["lead"]["last_name"] == "Lindqvist"
    assert document["lead"]["source"] == "ad_spring"
    assert [c["purpose"] for c in document["consents"]] == ["qualification", "marketing"]
    assert document["consents"][0]["text_version"] == "2026-11-01"
    assert document["consents"][0]["recorded_at"] == clock.now.isoformat()
    assert [m["text"] for m in document["messages"]] == [SECRET_SENTENCE]
    assert {e["kind"] for e in document["events"]} >= {"consent", "message"}


async def test_forget_asks_first_and_cancel_keeps_everything(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says(SECRET_SENTENCE)
    assert "Go ahead?" in (await prospect.says("/forget"))[0]
    assert await prospect.presses("Keep it") == ["Nothing was erased."]
    assert SECRET_SENTENCE in await _all_rows_as_text(sessionmaker)


async def test_forget_erases_name_and_messages_from_every_table(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start fair2026")
    await prospect.presses("Yes, and keep me posted")
    await prospect.says(SECRET_SENTENCE)
    await prospect.says("/forget")
    replies = await prospect.presses("Yes, erase it")
    assert "Erased." in replies[0]
    dump = await _all_rows_as_text(sessionmaker)
    for personal in ("Greta", "Lindqvist", "Zephyrine", SECRET_SENTENCE, str(prospect.user.id)):
        assert personal not in dump
    async with sessionmaker() as session:
        markers = list(await session.scalars(select(ErasedChat.marker)))
        assert len(markers) == 1
        assert await was_erased(
            session, chat_id=prospect.chat.id, key=b"test-erasure-key-0123456789"
        )


async def test_prospect_may_start_again_after_erasure(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says("/forget")
    await prospect.presses("Yes, erase it")
    replies = await prospect.says("/start")
    assert "may I keep" in replies[1]
    async with sessionmaker() as session:
        assert await was_erased(
            session, chat_id=prospect.chat.id, key=b"test-erasure-key-0123456789"
        )


async def test_mydata_before_consent_shows_only_ids_and_language(prospect: Prospect) -> None:
    await prospect.says("/start")
    await prospect.says("/mydata")
    document = json.loads(prospect.last_document())
    assert document["lead"]["first_name"] is None
    assert document["lead"]["language"] == "en"
    assert document["messages"] == [] and document["consents"] == []
