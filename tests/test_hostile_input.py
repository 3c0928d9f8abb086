"""Odd settings, odd names, odd numbers: one clear line or a polite answer, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiogram.methods import SendMessage
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.local_session import LocalSession
from bot.cli.common import PlainTable
from bot.settings import SettingsError, load_settings
from tests.support import REP, Prospect, Rep, taken_over


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BUSINESS_TIMEZONE", "Mars/Olympus"),
        ("BUSINESS_HOURS", "25:00-99:99"),
        ("BUSINESS_HOURS", "18:00-08:00"),
        ("BUSINESS_DAYS", "funday"),
        ("ADMIN_IDS", "abc"),
        ("ADMIN_IDS", "[99999999999999999999]"),
        ("MANAGER_CHAT_ID", "99999999999999999999"),
    ],
)
def test_a_setting_that_would_fail_later_stops_the_start_with_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(f"LEADBOT_{name}", value)
    with pytest.raises(SettingsError, match=f"^LEADBOT_{name}: ") as error:
        load_settings(_env_file=None)
    assert "\n" not in str(error.value)


def test_an_env_file_that_is_not_utf8_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_bytes(b"LEADBOT_LOG_LEVEL=\xff\xfe\n")
    with pytest.raises(SettingsError, match="not UTF-8"):
        load_settings()


def test_markup_in_a_name_is_shown_as_typed() -> None:
    table = PlainTable("name")
    table.add_row("Ann [/]")
    table.add_row("[bold red]x")
    console = Console(record=True, width=60)
    console.print(table)
    shown = console.export_text()
    assert "Ann [/]" in shown and "[bold red]x" in shown


@pytest.mark.parametrize("command", ["/lead ²", "/takeover ³", "/sql 99999999999999999999"])
async def test_odd_lead_numbers_get_the_usage_line(mia: Rep, command: str) -> None:
    replies = await mia.says(command)
    assert len(replies) == 1 and replies[0].startswith("Send /")


async def test_a_long_message_during_a_takeover_reaches_the_rep_in_parts(
    mia: Rep,
    prospect: Prospect,
    bot_session: LocalSession,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await taken_over(prospect, mia, sessionmaker)
    mark = len(bot_session.requests)
    long_text = "x" * 4096
    await prospect.says(long_text)
    parts = [
        r.text
        for r in bot_session.requests[mark:]
        if isinstance(r, SendMessage) and r.chat_id == REP
    ]
    assert len(parts) == 2 and all(len(part) <= 4096 for part in parts)
    assert "".join(part.split(": ", 1)[1] for part in parts) == long_text
