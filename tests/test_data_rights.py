"""Export and erasure: the prospect sees everything and can make it disappear."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.factory import Dependencies
from bot.jobs.retention import erase_quiet_leads
from storage.leads import was_erased
from storage.models import Base, Customer, ErasedChat
from storage.personal import lead_references
from tests.support import HOT, FakeClock, Prospect, Rep, with_settings

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
    assert replies[0] == "Everything Nordwerk Software has stored about you."
    assert replies[1].startswith("<b>What we have stored about you</b>")
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


async def test_mydata_summary_is_in_the_prospects_language(german_prospect: Prospect) -> None:
    await german_prospect.agrees()
    await german_prospect.says("Wir sind 40 Leute")
    replies = await german_prospect.says("/mydata")
    summary = replies[1]
    assert summary.startswith("<b>Was wir über Sie gespeichert haben</b>")
    assert "Name: Jörg Äbelmann" in summary and "Einwilligung: erteilt" in summary
    assert "Nachrichten" in summary
    document = json.loads(german_prospect.last_document())
    assert document["lead"]["language"] == "de"


def test_every_table_that_points_at_a_lead_is_part_of_the_export() -> None:
    exported = {table.name for table, _ in lead_references()}
    for table in Base.metadata.sorted_tables:
        if "lead_id" in table.c or any(k.column.table.name == "leads" for k in table.foreign_keys):
            assert table.name in exported, f"{table.name} holds lead data but is not exported"


async def test_mydata_holds_every_row_and_column_about_the_person(
    mia: Rep,
    prospect: Prospect,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(HOT)
    await mia.accepts()
    # Imported after the fact: a customer from the start would not go to sales.
    async with sessionmaker() as session:
        session.add(
            Customer(telegram_user_id=prospect.user.id, company="Acme", imported_at=clock())
        )
        await session.commit()
    await prospect.says("/mydata")
    document = json.loads(prospect.last_document())
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    for name in [*(t.name for t, _ in lead_references()), "customers"]:
        assert name in document, f"{name} is missing from /mydata"
        for row in document[name]:
            assert set(row) == set(tables[name].c.keys()), name
    assert set(document["lead"]) == set(tables["leads"].c.keys())
    assert document["lead"]["lifecycle"] == "sal" and document["lead"]["fit_grade"] == "A"
    assert document["customers"][0]["company"] == "Acme"
    assert document["handovers"][0]["status"] == "accepted"
    assert any(change["quote"] for change in document["score_changes"])
    assert [c["to_state"] for c in document["lifecycle_changes"]][-1] == "sal"
    assert document["outbox"], "the rep's card and the prospect's notice are stored data too"


async def test_forget_leaves_the_person_in_no_table_and_no_database_file(
    engine: AsyncEngine,
    prospect: Prospect,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    secret = f"Project Quokka-{uuid.uuid4().hex} needs a budget of 48k"
    async with sessionmaker() as session:
        session.add(
            Customer(telegram_user_id=prospect.user.id, company=secret, imported_at=clock())
        )
        await session.commit()
    await prospect.agrees()
    await prospect.says(secret)
    await prospect.says("/forget")
    await prospect.presses("Yes, erase it")
    assert secret not in await _all_rows_as_text(sessionmaker)
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA secure_delete")).scalar() == 1
    database = Path(str(engine.url.database))
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            assert secret.encode() not in path.read_bytes(), f"{path.name} still holds the secret"


async def test_retention_erases_leads_quiet_longer_than_the_notice_promises(
    prospect: Prospect,
    deps: Dependencies,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await prospect.agrees()
    await prospect.says(SECRET_SENTENCE)
    assert deps.content_store.current.retention_months(deps.settings.retention_months) == 24
    clock.advance(days=365 * 2 - 5)
    assert await erase_quiet_leads(deps) == 0
    clock.advance(days=10)
    assert await erase_quiet_leads(deps) == 1
    assert SECRET_SENTENCE not in await _all_rows_as_text(sessionmaker)
    shorter = with_settings(deps, retention_months=36)  # never longer than promised
    assert shorter.content_store.current.retention_months(36) == 24
