"""`leadbot report` end to end: tables, --json, --png, and one-line refusals of bad input."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.report.pipeline import add_pipeline
from tests.support import TEST_CONTENT_DIR

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def _filled(url: str) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    async with create_sessionmaker(engine)() as session:
        await add_pipeline(session)
    await engine.dispose()


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('report') / 'leadbot.db'}"
    asyncio.run(_filled(url))
    return url


@pytest.fixture
def runner(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("LEADBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("LEADBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEADBOT_CONTENT_DIR", str(TEST_CONTENT_DIR))
    return CliRunner()


def test_json_parses_and_carries_the_funnel(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "--since", "2026-11-01", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [step["count"] for step in document["funnel"]] == [4, 3, 2, 2, 1, 1, 1, 0, 1]
    assert document["window"] == {
        "since": "2026-11-01T00:00:00+00:00",
        "until": None,
        "source": None,
    }
    assert document["speed"][0] == {"name": "first_reply", "count": 3, "median": 4.0, "p90": 10.0}
    assert document["faq"]["top_unanswered"][0] == ["do you support sap?", 2]


def test_until_includes_its_day_and_source_narrows(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["report", "--since", "2026-11-02", "--until", "2026-11-03", "--source", "fair", "--json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["funnel"][0]["count"] == 2  # A on the 2nd, B on the 3rd


def test_tables_in_german(runner: CliRunner) -> None:
    result = runner.invoke(app, ["report", "--since", "2026-11-01", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "Trichter" in result.output and "Vertriebsqualifiziert (SQL)" in result.output
    assert "Mia Berg" in result.output and "no_budget" in result.output
    assert "Trefferquote 33.3%" in result.output


def test_png_writes_four_charts(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    result = runner.invoke(app, ["report", "--png", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in folder.iterdir())
    assert names == ["drop_off.png", "fit_scores.png", "funnel.png", "weekly_trend.png"]
    for path in folder.iterdir():
        data = path.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000
    assert f"4 charts written to {folder}" in result.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "2026-13-01"], "--since: '2026-13-01' is not a date like 2026-11-01"),
        (["--until", "yesterday"], "--until: 'yesterday' is not a date like 2026-11-01"),
        (["--since", "2026-11-10", "--until", "2026-11-01"], "is before --since 2026-11-10"),
        (["--lang", "fr"], "--lang: 'fr' is not one of en, de"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    runner: CliRunner, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["report", *arguments])
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_unwritable_chart_folder_is_status_1(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["report", "--png", str(blocker / "charts")])
    assert result.exit_code == 1
    assert "--png: cannot write charts to" in result.output
