"""Every content file is checked against its schema; each error names the file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.content.catalog import load_content
from bot.content.errors import ContentError
from tests.support import TEST_CONTENT_DIR

CASES = [
    (
        "scoring.yaml",
        "  A: [warm, hot, hot, hot]",
        "  A: [warm, hot, hot, boiling]",
        "matrix:",
        "row A: temperature 'boiling'",
    ),
    (
        "scoring.yaml",
        "  half_life_days: 14",
        "  half_life_days: -3",
        "half_life_days",
        "greater than 0",
    ),
    (
        "personas.yaml",
        "    topics: [field_service, reporting]",
        "    topics: [field_service, gardening]",
        None,
        "unknown topic 'gardening'",
    ),
    (
        "qualification.yaml",
        "confirm_below: 0.75",
        "confirm_below: 2",
        "confirm_below",
        "less than or equal to 1",
    ),
    (
        "nurture.yaml",
        "timezone: Europe/Berlin",
        "timezone: Mars/Olympus",
        None,
        "unknown time zone 'Mars/Olympus'",
    ),
    (
        "nurture.yaml",
        "item: integration-overview}",
        "item: no-such-item}",
        "item: no-such-item",
        "library item 'no-such-item' has no 'en' version",
    ),
    (
        "faq.yaml",
        "retrieval_threshold: 0.6",
        "retrieval_threshold: 3",
        "retrieval_threshold",
        "less than or equal to 1",
    ),
    (
        "stages.yaml",
        "order: [awareness, consideration, decision]",
        "order: [awareness, consideration, purchase]",
        None,
        "not defined: ['purchase']",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "line_text", "message"),
    CASES,
    ids=[f"{c[0]}:{c[4][:24]}" for c in CASES],
)
def test_schema_error_names_file_and_line(
    tmp_path: Path, name: str, old: str, new: str, line_text: str | None, message: str
) -> None:
    root = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, root)
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    problem = next(p for p in caught.value.problems if message in p.message)
    assert problem.path == path
    if line_text is not None:
        lines = path.read_text(encoding="utf-8").splitlines()
        expected = next(i + 1 for i, line in enumerate(lines) if line_text in line)
        assert problem.line == expected


def test_content_check_summarises_valid_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADBOT_CONTENT_DIR", str(TEST_CONTENT_DIR))
    result = CliRunner().invoke(app, ["content", "check"])
    assert result.exit_code == 0
    assert "3 personas, 12 library items, 6 FAQ entries, 5 nurture sequences" in result.output


def test_an_unknown_event_kind_in_scoring_is_reported_with_its_line(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, root)
    path = root / "scoring.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    content_opened:", "    content_openned:"), "utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root)
    (problem,) = caught.value.problems
    lines = path.read_text("utf-8").splitlines()
    assert problem.path == path and "content_openned" in lines[problem.line - 1]
