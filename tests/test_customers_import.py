"""`leadbot customers import` reads what German Excel writes (semicolons, a byte-order
mark) as well as commas and tabs, and says what it read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.customers import sniff_delimiter

runner = CliRunner()


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("telegram_user_id;company\n1;Müller, Berg & Co\n", ";"),
        ("telegram_user_id,company\n1,Hansen\n", ","),
        ("username\tcompany\taccount_owner\nann\tA; B\tMia\n", "\t"),
        ("username\nann\n", ","),
    ],
)
def test_the_delimiter_is_detected(sample: str, expected: str) -> None:
    assert sniff_delimiter(sample) == expected


def test_a_semicolon_file_from_excel_is_imported_and_described(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    path = tmp_path / "kunden.csv"
    path.write_bytes(
        "\ufefftelegram_user_id;username;company;account_owner\r\n"
        "5002;joerg;Müller, Berg & Co;Mia Berg\r\n"
        ";@anna_k;Hansen Logistik;\r\n".encode()
    )
    result = runner.invoke(app, ["customers", "import", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == (
        "read 2 rows, delimiter ';', columns: telegram_user_id, username, company, account_owner"
    )
    assert lines[-1] == "2 added, 0 updated, 0 row(s) skipped"


def test_missing_columns_are_named_with_the_columns_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    path = tmp_path / "wrong.csv"
    path.write_text("Kunde\tFirma\nAnna\tHansen\n", encoding="utf-8")
    result = runner.invoke(app, ["customers", "import", str(path)])
    assert "needs a telegram_user_id or username column; found: Kunde, Firma" in result.output
    assert "delimiter 'tab'" in result.output
