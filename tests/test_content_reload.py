"""Editing content/ while the bot runs: good edits go live, broken ones are reported."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from aiogram import Dispatcher

from bot.channels.local_session import LocalSession
from bot.content.errors import ContentError
from bot.content.store import ContentStore
from bot.factory import Dependencies, build_dispatcher
from bot.jobs.upkeep import content_watch_job
from tests.support import TEST_CONTENT_DIR, Prospect

ADMIN = 777


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    shutil.copytree(TEST_CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_watcher_swaps_in_a_valid_edit_and_keeps_the_last_good_one(editable: Path) -> None:
    store = ContentStore(editable)
    assert store.reload_if_changed() is False
    en = editable / "locales" / "en.yaml"
    _edit(en, 'granted: "Thank you!"', 'granted: "Thanks a lot!"')
    assert store.reload_if_changed() is True
    assert store.current.texts.get("en", "consent.granted") == "Thanks a lot!"
    _edit(en, 'granted: "Thanks a lot!"', "granted: [broken")
    outcome = store.reload_if_changed()
    assert isinstance(outcome, ContentError)
    assert store.current.texts.get("en", "consent.granted") == "Thanks a lot!"


async def test_admins_are_told_when_an_edit_is_broken(
    editable: Path, deps: Dependencies, bot_session: LocalSession
) -> None:
    store = ContentStore(editable)
    settings = deps.settings.model_copy(update={"admin_ids": [ADMIN]})
    watched = Dependencies(settings, deps.sessionmaker, store, deps.clock, deps.erasure_key)
    admin = Prospect(build_dispatcher(watched), bot_session, user_id=ADMIN)
    _edit(editable / "faq.yaml", "retrieval_threshold: 0.6", "retrieval_threshold: 7")
    faq_lines = (editable / "faq.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(faq_lines, 1) if "retrieval_threshold: 7" in text)
    await content_watch_job(watched, admin.bot)
    report = bot_session.sent_texts(ADMIN)[-1]
    assert "content/ was not reloaded, the last good version keeps running" in report
    assert f"faq.yaml:{line}: answering.retrieval_threshold" in report


async def test_reload_command_is_for_admins_only(
    editable: Path, deps: Dependencies, bot_session: LocalSession, dispatcher: Dispatcher
) -> None:
    stranger = Prospect(dispatcher, bot_session, user_id=4242)
    assert await stranger.says("/reload") == [
        "I don't know that command. /help lists what I can do."
    ]
    store = ContentStore(editable)
    settings = deps.settings.model_copy(update={"admin_ids": [ADMIN]})
    admin = Prospect(
        build_dispatcher(
            Dependencies(settings, deps.sessionmaker, store, deps.clock, deps.erasure_key)
        ),
        bot_session,
        user_id=ADMIN,
    )
    replies = await admin.says("/reload")
    assert replies[0].startswith("content reloaded: 12 library items, 6 FAQ entries")
