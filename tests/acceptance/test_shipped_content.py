"""The shipped content/ as prospects meet it: valid, complete, and a whole conversation
works in both languages. Assertions are on structure (keys, buttons, rows), not on
wording, so an editor may rephrase anything without touching the tests."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.audit import audit
from bot.content.catalog import load_content
from bot.qualify.vocabulary import HandoverReason
from bot.settings import DEFAULT_CONTENT_DIR
from storage.models import Consent, Handover
from storage.reps import add_rep
from tests.support import HOT, REP, FakeClock, Prospect

CONTENT = load_content(DEFAULT_CONTENT_DIR)


def test_shipped_content_is_valid_in_both_locales() -> None:
    assert set(CONTENT.texts.locales()) == {"en", "de"}


def test_every_persona_stage_and_locale_has_a_library_item() -> None:
    cells = audit(CONTENT)
    assert [cell for cell in cells if not cell.items] == []


def test_every_question_has_its_text_and_every_button_its_label() -> None:
    for locale in CONTENT.texts.locales():
        for slot in CONTENT.qualification.order:
            assert CONTENT.texts.get(locale, f"questions.{slot}.ask").strip()


@pytest.mark.parametrize("language_code", ["en", "de"])
async def test_a_hot_prospect_consents_answers_and_reaches_a_rep(
    language_code: str,
    prospect: Prospect,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    async with sessionmaker() as session:
        await add_rep(
            session,
            telegram_user_id=REP,
            name="Mia Berg",
            languages=["de", "en"],
            personas=[],
            territories=[],
            weight=1,
            now=clock(),
        )
        await session.commit()
    prospect.user = prospect.user.model_copy(update={"language_code": language_code})
    greeting = await prospect.says("/start")
    assert greeting and all(text.strip() for text in greeting)
    await prospect.agrees()
    await prospect.says(HOT)
    async with sessionmaker() as session:
        consents = await session.scalar(select(func.count()).select_from(Consent))
        reasons = list(await session.scalars(select(Handover.reason)))
    assert consents and consents >= 1
    assert reasons == [HandoverReason.SALES_READY]
    assert prospect.session.sent_texts(REP), "the rep got no card"
