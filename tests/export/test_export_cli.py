"""`leadbot leads export`: CSV a German spreadsheet opens (byte-order mark, ';', yes/no,
decimal comma), xlsx with numbers as numbers, and one line for every wrong option."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.export.support import database_url, seed

runner = CliRunner()


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    asyncio.run(seed(database_url(tmp_path)))
    return tmp_path


def _csv(path: Path, delimiter: str) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()), "no byte-order mark: Excel would garble umlauts"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_export_has_flat_columns_for_a_german_spreadsheet(seeded: Path) -> None:
    target = seeded / "leads.csv"
    written = runner.invoke(app, ["leads", "export", "--output", str(target)])
    assert written.exit_code == 0, written.output
    assert "1 lead(s) written" in written.output
    [row] = _csv(target, ";")
    assert row["name"] == "Jörg Äbelmann" and row["username"] == "@joerg_ae"
    assert row["company"] == "Müller & Söhne GmbH, Köln"
    assert (row["budget min"], row["budget max"], row["budget currency"]) == (
        "15000",
        "20000",
        "EUR",
    )
    assert (row["budget period"], row["timeframe"], row["timeframe date"]) == (
        "year",
        "quarter",
        "2027-03-31",
    )
    assert (row["company size"], row["authority"], row["role"]) == ("40", "shared", "executive")
    assert row["email"] == "jörg@müller.example"
    assert (row["sales ready"], row["customer"], row["marketing"]) == ("yes", "no", "no")
    assert row["engagement"] == "12,2" or row["engagement"] == "12,3"
    assert (row["rep"], row["handover status"], row["consent"]) == (
        "Mia Berg",
        "offered",
        "granted",
    )
    assert row["consent date"] == "2026-12-01 09:30" and row["meeting"] == ""
    assert "True" not in target.read_text(encoding="utf-8-sig")


def test_csv_export_with_a_comma_or_tab_keeps_the_decimal_point(seeded: Path) -> None:
    target = seeded / "leads.tsv"
    assert (
        runner.invoke(
            app, ["leads", "export", "--delimiter", "tab", "--output", str(target)]
        ).exit_code
        == 0
    )
    [row] = _csv(target, "\t")
    assert row["engagement"] in ("12.2", "12.3") and row["fit score"] == "55"


def test_xlsx_export_keeps_numbers_numbers(seeded: Path) -> None:
    from openpyxl import load_workbook

    target = seeded / "leads.xlsx"
    written = runner.invoke(app, ["leads", "export", "--format", "xlsx", "--output", str(target)])
    assert written.exit_code == 0, written.output
    sheet = load_workbook(target).active
    assert sheet is not None
    header, values = (list(row) for row in sheet.iter_rows(values_only=True))
    row = dict(zip(header, values, strict=True))
    assert row["budget max"] == 20000 and row["company size"] == 40
    assert row["name"] == "Jörg Äbelmann" and row["sales ready"] == "yes"


def test_wrong_export_options_are_one_line_each(seeded: Path) -> None:
    cases = {
        ("--format", "xml"): (2, "csv, xlsx or jsonl"),
        ("--delimiter", "x"): (2, "--delimiter must be"),
        ("--format", "xlsx"): (2, "needs --output"),
        ("--output", str(seeded / "no" / "such" / "leads.csv")): (1, "there is no folder"),
    }
    for options, (code, words) in cases.items():
        result = runner.invoke(app, ["leads", "export", *options])
        assert result.exit_code == code, result.output
        assert words in result.output and len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output
    assert not (seeded / "no").exists()
