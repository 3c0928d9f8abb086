"""content/nlu/ is content like the rest: checked with file and line, and read from the
configured content directory, so an editor's edit takes effect without touching Python."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.content.catalog import load_content
from bot.content.errors import ContentError
from bot.content.store import ContentStore
from tests.support import TEST_CONTENT_DIR

TODAY = date(2026, 11, 22)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A copy of the shipped content an editor may change."""
    shutil.copytree(TEST_CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def _replace_line(path: Path, starts: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(starts))
    lines[number] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_broken_pattern_is_reported_with_its_line(content_dir: Path) -> None:
    path = content_dir / "nlu" / "en.yaml"
    line = _replace_line(path, "budget_words:", "budget_words: ['budget', '(unclosed']")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (path, line)
    assert "bad pattern" in problem.message


def test_a_missing_section_is_reported(content_dir: Path) -> None:
    path = content_dir / "nlu" / "de.yaml"
    _replace_line(path, "budget_words:", "")
    with pytest.raises(ContentError) as caught:
        load_content(content_dir)
    assert any(p.path == path and "budget_words" in p.message for p in caught.value.problems)


def test_an_editor_can_add_a_currency_spelling(content_dir: Path) -> None:
    common = content_dir / "nlu" / "common.yaml"
    common.write_text(
        common.read_text("utf-8").replace('"bucks"]', '"bucks", "greenbacks"]'), "utf-8"
    )
    extractor = load_content(content_dir).extractor
    budget = extractor.extract("about 5000 greenbacks", "en", today=TODAY, raw=True).value(
        "budget"
    )
    assert isinstance(budget, dict) and budget["currency"] == "USD"


def test_a_lexicon_edit_is_live_after_reload_and_a_broken_one_keeps_the_last(
    content_dir: Path,
) -> None:
    store = ContentStore(content_dir)
    before = store.current.extractor.extract("5000 greenbacks", "en", today=TODAY, raw=True)
    assert before.value("budget") is None or before.value("budget")["currency"] != "USD"
    common = content_dir / "nlu" / "common.yaml"
    common.write_text(
        common.read_text("utf-8").replace('"bucks"]', '"bucks", "greenbacks"]'), "utf-8"
    )
    assert store.reload_if_changed() is True
    after = store.current.extractor.extract("5000 greenbacks", "en", today=TODAY, raw=True)
    assert after.value("budget")["currency"] == "USD"
    _replace_line(content_dir / "nlu" / "en.yaml", "budget_words:", "budget_words: ['(']")
    assert isinstance(store.reload_if_changed(), ContentError)
    assert store.current.extractor.extract("5000 greenbacks", "en", today=TODAY, raw=True).value(
        "budget"
    )


def test_a_missing_content_directory_is_one_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path / "nowhere")
    (problem,) = caught.value.problems
    assert "LEADBOT_CONTENT_DIR" in problem.message
