"""content/: a broken edit is reported as file:line and refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.content.catalog import load_content
from bot.content.errors import ContentError
from bot.content.store import ContentStore
from tests.support import TEST_CONTENT_DIR


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(TEST_CONTENT_DIR, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_key_in_one_locale_is_reported(content_copy: Path) -> None:
    _replace(
        content_copy / "locales" / "de.yaml", '  switched: "Ab jetzt', '  gewechselt: "Ab jetzt'
    )
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    messages = [str(problem) for problem in caught.value.problems]
    assert any("de.yaml:1: 'language.switched' is missing" in m for m in messages)


def test_yaml_syntax_error_has_file_and_line(content_copy: Path) -> None:
    path = content_copy / "locales" / "en.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("help:"))
    lines[number] = "help: [unclosed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    problem = caught.value.problems[0]
    assert problem.path == path and problem.line > number


def test_placeholder_mismatch_points_at_the_line(content_copy: Path) -> None:
    path = content_copy / "locales" / "de.yaml"
    _replace(path, "Version {version}). Erzählen", "Version {versoin}). Erzählen")
    with pytest.raises(ContentError) as caught:
        load_content(content_copy)
    line = next(
        i + 1 for i, text in enumerate(path.read_text().splitlines()) if "{versoin}" in text
    )
    assert str(caught.value.problems[0]).startswith(f"{path}:{line}: 'consent.already'")


def test_privacy_versions_must_agree(content_copy: Path) -> None:
    _replace(content_copy / "privacy" / "de.md", '"2026-11-01"', '"2026-12-01"')
    with pytest.raises(ContentError, match="same version"):
        load_content(content_copy)


def test_broken_reload_keeps_the_last_good_content(content_copy: Path) -> None:
    store = ContentStore(content_copy)
    _replace(
        content_copy / "locales" / "en.yaml",
        'skipped: "No problem, let\'s move on."',
        "skipped: ''",
    )
    with pytest.raises(ContentError, match="non-empty"):
        store.reload()
    assert store.current.texts.get("en", "dialog.skipped") == "No problem, let's move on."


def test_content_check_lists_every_problem_and_exits_1(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace(
        content_copy / "locales" / "en.yaml",
        'skipped: "No problem, let\'s move on."',
        "skipped: 3",
    )
    (content_copy / "privacy" / "en.md").unlink()
    monkeypatch.setenv("LEADBOT_CONTENT_DIR", str(content_copy))
    result = CliRunner().invoke(app, ["content", "check"])
    assert result.exit_code == 1
    assert "en.yaml" in result.output and "non-empty string" in result.output
    assert "missing privacy notice for 'en'" in result.output
