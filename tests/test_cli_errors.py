"""Every CLI error is one line on stderr with a documented exit status (README, "Exit
status"): bad arguments and settings 2, what the command needed failed 1."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_support import Result, leadbot_fixture  # noqa: F401  (the `leadbot` fixture)
from tests.conftest import POSTGRES_URL

HUGE = "99999999999999999999"


def _one_line(result: Result, status: int, *words: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == status, result.stderr
    assert len(lines) == 1 and lines[0].startswith("leadbot: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("leads", "show", HUGE), ("leads show", "2147483647")),
        (("leads", "show", "²"), ("leads show", "lead_id")),
        (("leads", "timezone", HUGE, "Europe/Vienna"), ("leads timezone",)),
        (("reps", "add", HUGE, "X"), ("reps add", "telegram_user_id")),
        (("reps", "away", "0"), ("reps away",)),
        (("chat", "--user-id", HUGE), ("chat", "--user-id")),
        (("leads", "nosuch"), ("No such command",)),
        (("leads", "show"), ("Missing argument",)),
    ],
)
def test_a_bad_argument_is_one_line_and_status_2(
    leadbot: Callable[..., Result], arguments: tuple[str, ...], words: tuple[str, ...]
) -> None:
    _one_line(leadbot(*arguments), 2, *words)


def test_a_sqlite_path_in_a_missing_folder_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'leadbot.db'}"
    result = leadbot("leads", "list", database_url=url)
    _one_line(result, 2, "LEADBOT_DATABASE_URL", "missing", "does not exist")


def test_a_file_that_is_no_database_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    (tmp_path / "picture.db").write_bytes(bytes(range(256)) * 40)
    url = f"sqlite+aiosqlite:///{tmp_path / 'picture.db'}"
    _one_line(leadbot("leads", "list", database_url=url), 1, "not a database")


def test_a_postgresql_database_that_does_not_exist_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    from sqlalchemy import make_url

    url = make_url(POSTGRES_URL).set(database="leadbot_no_such_database_0")
    result = leadbot("leads", "list", database_url=url.render_as_string(False))
    if "Connect call failed" in result.stderr and not os.environ.get("CI"):
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}; CI runs this")
    _one_line(result, 1, "leadbot_no_such_database_0", "does not exist")


def test_export_to_a_folder_that_does_not_exist_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    target = tmp_path / "nowhere" / "leads.csv"
    _one_line(leadbot("leads", "export", "--output", str(target)), 1, str(target))


def test_a_binary_file_to_customers_import_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    (tmp_path / "customers.xlsx").write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    result = leadbot("customers", "import", str(tmp_path / "customers.xlsx"))
    _one_line(result, 1, "not a CSV file")


def test_odd_rows_in_customers_import_are_named_and_skipped(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    rows = [
        "telegram_user_id,username,company,account_owner",
        f"{HUGE},,Huge GmbH,",
        f"77,{'u' * 100},Long AG,",
        "78,ok_user,Fine KG,",
    ]
    (tmp_path / "customers.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = leadbot("customers", "import", str(tmp_path / "customers.csv"))
    assert result.returncode == 0, result.stderr
    assert ":2: telegram_user_id" in result.stdout and "out of range" in result.stdout
    assert ":3: username" in result.stdout and "longer than 64" in result.stdout
    assert "1 added, 0 updated, 2 row(s) skipped" in result.stdout


def test_run_with_telegram_unreachable_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    result = leadbot(
        "run",
        telegram_token="123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        telegram_api_url="http://127.0.0.1:9",  # the discard port: nothing listens
    )
    _one_line(result, 1, "cannot reach Telegram at http://127.0.0.1:9")


def test_a_content_folder_that_does_not_exist_is_one_line(
    tmp_path: Path, leadbot: Callable[..., Result]
) -> None:
    result = leadbot("leads", "list", content_dir=str(tmp_path / "nowhere"))
    _one_line(result, 1, "content/ has 1 problem(s)", "LEADBOT_CONTENT_DIR")
