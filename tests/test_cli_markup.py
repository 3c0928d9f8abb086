"""Stored text is shown as typed in every CLI view: a prospect named `Ann [/]`, a message
`[bold red]…`, a rep named `[/]`: no crash, nothing styled away."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.qualify.clock import system_clock
from storage.engine import create_engine, create_sessionmaker
from storage.history import record_unanswered
from storage.leads import get_or_create_lead, keep_names, record_message
from storage.migrate import upgrade
from storage.reps import add_rep
from tests.cli_support import Result, leadbot_fixture  # noqa: F401  (the `leadbot` fixture)
from tests.support import TEST_CONTENT_DIR

NAME = "Ann [/]"
SAID = "[bold red]we need [link=x]help[/link][/"
REP_NAME = "Mia [/] [italic]Berg"


async def _stored(url: str) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    async with create_sessionmaker(engine)() as session:
        lead = await get_or_create_lead(
            session, telegram_user_id=5001, chat_id=5001, language="en", now=now
        )
        keep_names(lead, NAME, "[/]", "ann_[b]")
        lead.consent_state, lead.source = "granted", "[fair]"
        record_message(session, lead, direction="in", text=SAID, now=now)
        record_unanswered(session, lead_id=lead.id, locale="en", text=SAID + "?", now=now)
        await add_rep(
            session,
            telegram_user_id=4711,
            name=REP_NAME,
            languages=["en"],
            personas=[],
            territories=[],
            weight=1,
            now=system_clock(),
        )
        await session.commit()
    await engine.dispose()


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        (("leads", "list"), [NAME]),
        (("leads", "show", "1"), [NAME, SAID]),
        (("reps", "list"), [REP_NAME]),
        (("content", "unanswered"), [SAID + "?"]),
    ],
)
def test_markup_in_stored_text_is_shown_as_typed(
    tmp_path: Path,
    leadbot: Callable[..., Result],
    arguments: tuple[str, ...],
    shown: list[str],
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'leadbot.db'}"
    asyncio.run(_stored(url))
    result = leadbot(*arguments, database_url=url, content_dir=str(TEST_CONTENT_DIR))
    assert result.returncode == 0, result.stderr
    flat = " ".join(result.stdout.split())
    for text in shown:
        assert " ".join(text.split()) in flat, (text, result.stdout)
