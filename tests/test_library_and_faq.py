"""The content library, /menu, FAQ answers, unanswered questions and the audit."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from bot.cli import app
from bot.content.catalog import load_content
from bot.content.errors import ContentError
from storage.models import Event, UnansweredQuestion
from tests.support import TEST_CONTENT_DIR, Prospect


async def test_menu_lists_the_library_and_opening_counts_as_engagement(
    prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await prospect.agrees()
    replies = await prospect.says("/menu")
    assert replies == ["Guides, checklists and prices to browse:"]
    titles = [
        button.text
        for row in prospect.new_requests()[-1].reply_markup.inline_keyboard
        for button in row
    ]
    assert titles[0].startswith("Checklist: 12 signs") and len(titles) == 6
    opened = await prospect.presses("Prices, the 30-day trial")
    assert opened[0].startswith("<b>Prices, the 30-day trial and what a rollout takes</b>")
    assert '<a href="https://nordwerk.example/en/pricing">Read online</a>' in opened[0]
    async with sessionmaker() as session:
        kinds = list(await session.scalars(select(Event.kind)))
    assert "content_opened" in kinds


async def test_unanswered_questions_are_logged_for_editors(
    german_prospect: Prospect, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await german_prospect.agrees()
    replies = await german_prospect.says("Läuft das auch auf dem iPad?")
    assert "Darauf habe ich noch keine Antwort" in replies[0]
    answered = await german_prospect.says("Gibt es eine Mindestlaufzeit?")
    assert "Keine Mindestlaufzeit" in answered[0]
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(UnansweredQuestion)))
    assert [(row.locale, row.text) for row in rows] == [("de", "Läuft das auch auf dem iPad?")]


def test_audit_marks_a_gap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TEST_CONTENT_DIR, tmp_path / "content")
    guide = tmp_path / "content" / "library" / "de" / "aussendienst-leitfaden.md"
    guide.write_text(
        guide.read_text("utf-8").replace("persona: [service_manager]", "persona: [it_lead]"),
        "utf-8",
    )
    monkeypatch.setenv("LEADBOT_CONTENT_DIR", str(tmp_path / "content"))
    result = CliRunner().invoke(app, ["content", "audit"])
    assert result.exit_code == 0
    assert "1 gap(s)" in result.output
    assert "gap: de · service_manager · awareness" in result.output


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ("persona: [buyer_of_everything]", 4, "unknown persona 'buyer_of_everything'"),
        ("stage: shopping", 5, "unknown stage 'shopping'"),
        ("link: ftp://old.example/file", 6, "link must start with https://"),
        ("title: ", 3, "title:"),
    ],
)
def test_library_errors_name_file_and_line(
    tmp_path: Path, front_matter: str, line: int, message: str
) -> None:
    shutil.copytree(TEST_CONTENT_DIR, tmp_path / "content")
    path = tmp_path / "content" / "library" / "en" / "pricing-and-trial.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    key = front_matter.split(":")[0]
    number = next(i for i, text in enumerate(lines) if text.startswith(f"{key}:"))
    lines[number] = front_matter
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path / "content")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (path, line)
    assert message in problem.message


def test_content_unanswered_lists_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    db = sqlite3.connect(tmp_path / "leadbot.db")
    db.execute(
        "INSERT INTO leads (id, telegram_user_id, chat_id, language, consent_state,"
        " marketing_allowed, lifecycle, created_at, last_seen_at) VALUES"
        " (1, 5, 5, 'en', 'granted', 0, 'engaged', '2026-11-22 09:00:00', '2026-11-22 09:00:00')"
    )
    db.execute(
        "INSERT INTO unanswered_questions (lead_id, locale, text, asked_at)"
        " VALUES (1, 'en', 'Does it run on Android tablets?', '2026-11-22 09:01:00')"
    )
    db.commit()
    result = runner.invoke(app, ["content", "unanswered"])
    assert result.exit_code == 0, result.output
    assert "1x [en] Does it run on Android tablets?" in result.output
    assert "1 unanswered question(s) in 1 group(s)" in result.output
