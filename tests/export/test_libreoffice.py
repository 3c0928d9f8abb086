"""The export opens correctly in a real spreadsheet: LibreOffice converts our files back to
plain CSV, and we read what it saw. Umlauts intact, one column per field, yes/no, numbers.

Needs `soffice` (Debian: libreoffice-calc-nogui, installed by .ci/run); skipped without it
except in CI, where it must run."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.export.support import FACTS, database_url, seed

SOFFICE = shutil.which("soffice")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
if SOFFICE is None and IN_CI:
    raise RuntimeError("CI needs soffice (libreoffice-calc-nogui) for the export test")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="soffice is not installed (apt-get install libreoffice-calc-nogui)"
)
# LibreOffice's CSV filter options: comma, double quote, UTF-8, from line 1.
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1"
# Reading our CSV as German Calc would: ';', double quote, the system charset (so only the
# byte-order mark can tell it UTF-8), from line 1, German locale (1031) for the numbers.
GERMAN_CSV_IN = "CSV:59,34,0,1,,1031"


def _export(*options: str) -> None:
    result = CliRunner().invoke(app, ["leads", "export", *options])
    assert result.exit_code == 0, result.output


def _libreoffice(source: Path, folder: Path, *infilter: str) -> str:
    """What LibreOffice read from `source`, written out again as comma-separated UTF-8."""
    assert SOFFICE is not None
    out = folder / "seen"
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", *infilter]
    subprocess.run(
        [*command, "--convert-to", CSV_OUT, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    return (out / f"{source.stem}.csv").read_text(encoding="utf-8")


def _rows(seen: str) -> dict[str, str]:
    header, row = list(csv.reader(io.StringIO(seen)))
    assert len(header) == len(row), "a field spilled into another column"
    return dict(zip(header, row, strict=True))


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    asyncio.run(seed(database_url(tmp_path)))
    return tmp_path


def test_libreoffice_reads_the_xlsx_export(exported: Path) -> None:
    _export("--format", "xlsx", "--output", str(exported / "leads.xlsx"))
    seen = _libreoffice(exported / "leads.xlsx", exported)
    row = _rows(seen)
    assert row["name"] == "Jörg Äbelmann" and row["company"] == FACTS["company"]
    assert row["need"] == FACTS["need"] and row["email"] == FACTS["email"]
    assert (row["sales ready"], row["marketing"]) == ("yes", "no")
    assert ",15000,20000," in seen and ",40," in seen  # unquoted: numbers, not text
    assert row["consent date"].startswith("2026-12-01 09:30")


def test_libreoffice_reads_the_semicolon_csv_as_german_calc_would(exported: Path) -> None:
    _export("--output", str(exported / "leads.csv"))
    seen = _libreoffice(exported / "leads.csv", exported, f"--infilter={GERMAN_CSV_IN}")
    row = _rows(seen)
    assert row["name"] == "Jörg Äbelmann", "umlauts broken: the byte-order mark was not seen"
    assert row["company"] == FACTS["company"] and row["need"] == FACTS["need"]
    assert (row["sales ready"], row["customer"]) == ("yes", "no")
    assert row["engagement"] == "12.2" and ",12.2," in seen  # 12,2 read as a German number
    assert ",15000,20000," in seen
