"""The console channel: the real dispatcher, driven by a script of typed lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from aiogram import Dispatcher
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.console import ConsoleChannel
from bot.channels.console_render import html_to_text
from storage.models import Lead

SCRIPT = """\
/start webinar
4
1
2
Our service requests get lost in e-mails
We are 40 people
/forget
2
/frobnicate
"""


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=300, soft_wrap=True, highlight=False), out


async def test_scripted_conversation_renders_buttons_and_presses_them(
    dispatcher: Dispatcher, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    console, out = _console()
    channel = ConsoleChannel(dispatcher, console, user_id=9001, first_name="Ana")
    await channel.run(SCRIPT.splitlines(), echo=True)
    transcript = out.getvalue()
    assert "you: /start webinar" in transcript
    assert "bot: Hello, Ana!" in transcript
    assert "[2.1] ✅ Yes, and keep me posted" in transcript
    assert "[2.4] 📄 Privacy notice" in transcript
    assert "Privacy notice, version 2026-11-01" in transcript  # <b> rendered, tags gone
    assert "What would you like to solve" in transcript
    assert "bot: Thanks, noted: company size: 40 people." in transcript
    assert "Nothing was erased." in transcript
    assert "I don't know that command" in transcript
    assert "<b>" not in transcript
    async with sessionmaker() as session:
        lead = await session.scalar(select(Lead).where(Lead.telegram_user_id == 9001))
    assert lead is not None and lead.source == "webinar" and lead.consent_state == "granted"


async def test_a_number_beyond_the_buttons_is_an_ordinary_message(
    dispatcher: Dispatcher,
) -> None:
    console, out = _console()
    channel = ConsoleChannel(dispatcher, console, user_id=9002)
    # consent, "not a customer", "1" presses Skip under the need question, then 40 is text
    await channel.run(["/start", "1", "2", "1", "40"], echo=False)
    assert "bot: No problem, let's move on." in out.getvalue()
    assert out.getvalue().count("Thanks, noted: company size: 40 people.") == 1


async def test_documents_are_printed(dispatcher: Dispatcher) -> None:
    console, out = _console()
    channel = ConsoleChannel(dispatcher, console, user_id=9003)
    await channel.run(["/start", "1", "/mydata"], echo=False)
    transcript = out.getvalue()
    assert "bot sent a file: my-data.json" in transcript
    document, _ = json.JSONDecoder().raw_decode(transcript[transcript.index("{") :])
    assert document["lead"]["telegram_user_id"] == 9003


def test_html_rendering_keeps_link_targets() -> None:
    text = html_to_text('<b>Hi</b> <a href="https://example.org/p">notice</a> &amp; more')
    assert text.plain == "Hi notice (https://example.org/p) & more"


def test_leadbot_chat_command_runs_a_piped_script(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LEADBOT_")
    }
    environment["LEADBOT_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--lang", "de", "--name", "Jörg"],
        input="/start\n1\n2\nWir sind 12 Leute\n/quit\n",
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Hallo, Jörg!" in result.stdout
    assert "Vielen Dank!" in result.stdout
    assert "Danke, notiert: Unternehmensgröße: 12 Personen." in result.stdout
    assert (tmp_path / "data" / "leadbot.db").exists()


def test_the_same_chat_script_is_answered_again_in_a_second_run(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("LEADBOT_")
    }
    environment["LEADBOT_DATA_DIR"] = str(tmp_path / "data")
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--lang", "en"],
            input="/start\n/help\n",
            capture_output=True,
            text=True,
            env=environment,
            cwd=tmp_path,
            timeout=120,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert all("/mydata" in output for output in outputs), outputs[1]
    assert all("INFO" not in output for output in outputs)
