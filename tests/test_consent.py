"""Consent: asked before anything personal is kept, recorded per purpose with its version."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Consent, Event, Message
from tests.support import FakeClock, Prospect, stored_lead


async def _count(sessionmaker: async_sessionmaker[AsyncSession], model: type) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_start_greets_at_once_and_asks_for_consent_with_buttons(prospect: Prospect) -> None:
    replies = await prospect.says("/start")
    assert "Hello, Greta!" in replies[0]
    assert "may I keep what you tell me" in replies[1]
    assert "version 2026-11-01" in replies[1]
    labels = [
        button.text
        for row in prospect.new_requests()[-1].reply_markup.inline_keyboard
        for button in row
    ]
    assert labels == [
        "✅ Yes, and keep me posted",
        "✅ Yes, but no follow-ups",
        "❌ No, thanks",
        "📄 Privacy notice",
    ]


async def test_deep_link_payload_is_recorded_as_source(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start fair2026")
    assert (await stored_lead(sessionmaker, prospect.user.id)).source == "fair2026"


async def test_before_consent_only_ids_language_and_pending_request_are_stored(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start")
    replies = await prospect.says("We have 40k and need it by March")
    assert "once you agree" in replies[0]
    lead = await stored_lead(sessionmaker, prospect.user.id)
    assert (lead.consent_state, lead.language) == ("pending", "en")
    assert (lead.first_name, lead.last_name, lead.username) == (None, None, None)
    assert await _count(sessionmaker, Message) == 0
    assert await _count(sessionmaker, Event) == 0
    assert await _count(sessionmaker, Consent) == 0


async def test_consent_given_records_each_purpose_with_text_version(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await prospect.says("/start")
    replies = await prospect.presses("Yes, but no follow-ups")
    assert replies == ["Thank you!", "Are you already a Nordwerk customer?"]
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(Consent).order_by(Consent.purpose)))
    assert [(row.purpose, row.granted, row.text_version) for row in rows] == [
        ("marketing", False, "2026-11-01"),
        ("qualification", True, "2026-11-01"),
    ]
    assert all(row.recorded_at == clock.now for row in rows)
    lead = await stored_lead(sessionmaker, prospect.user.id)
    assert (lead.consent_state, lead.marketing_allowed, lead.first_name) == (
        "granted",
        False,
        "Greta",
    )


async def test_consent_refused_keeps_nothing_personal(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.says("/start")
    replies = await prospect.presses("No, thanks")
    assert "I keep nothing about you" in replies[0]
    await prospect.says("my name is Greta and we have 50k")
    lead = await stored_lead(sessionmaker, prospect.user.id)
    assert (lead.consent_state, lead.first_name) == ("refused", None)
    assert await _count(sessionmaker, Message) == 0


async def test_messages_are_kept_after_consent(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    await prospect.says("We need a ticket system for 40 people")
    async with sessionmaker() as session:
        texts = list(await session.scalars(select(Message.text)))
    assert texts == ["We need a ticket system for 40 people"]


async def test_second_tap_on_an_old_consent_button_changes_nothing(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    replies = await prospect.presses("No, thanks")
    assert replies == ["That button has expired."]
    assert (await stored_lead(sessionmaker, prospect.user.id)).consent_state == "granted"


async def test_privacy_notice_is_shown_from_button_and_command(prospect: Prospect) -> None:
    await prospect.says("/start")
    from_button = await prospect.presses("Privacy notice")
    from_command = await prospect.says("/privacy")
    assert from_button == from_command
    assert "<b>Privacy notice</b>, version 2026-11-01" in from_button[0]
    assert "/forget erases your data" in from_button[0]


async def test_withdrawal_with_stop_is_recorded_and_suppresses(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    replies = await prospect.says("/stop")
    assert "no more messages" in replies[0]
    lead = await stored_lead(sessionmaker, prospect.user.id)
    assert (lead.consent_state, lead.lifecycle, lead.marketing_allowed) == (
        "withdrawn",
        "suppressed",
        False,
    )
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(Consent).order_by(Consent.id)))
    assert [(row.purpose, row.granted) for row in rows[-2:]] == [
        ("qualification", False),
        ("marketing", False),
    ]
    assert len(rows) == 4  # the grants stay: consent records are append-only


async def test_plain_german_words_withdraw_too(
    german_prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await german_prospect.agrees()
    replies = await german_prospect.says("Bitte keine Nachrichten mehr")
    assert "keine Nachrichten mehr von uns" in replies[0]
    assert (await stored_lead(sessionmaker, german_prospect.user.id)).consent_state == "withdrawn"
    after = await german_prospect.says("Hallo?")
    assert "/start" in after[0]


async def test_start_after_withdrawal_asks_again(prospect: Prospect) -> None:
    await prospect.agrees()
    await prospect.says("/stop")
    replies = await prospect.says("/start")
    assert "may I keep" in replies[1]
    replies = await prospect.presses("Yes, and keep me posted")
    assert "What would you like to solve" in replies[1]
