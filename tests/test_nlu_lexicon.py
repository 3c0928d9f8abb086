"""content/nlu/ is checked like all content: a bad pattern is reported with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content.errors import ContentError
from bot.qualify.nlu.lexicon import DEFAULT_NLU_DIR, load_lexicon


def test_broken_pattern_is_reported_with_its_line(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_NLU_DIR, tmp_path / "nlu")
    path = tmp_path / "nlu" / "en.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("budget_words:"))
    lines[number] = "budget_words: ['budget', '(unclosed']"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_lexicon("en", tmp_path / "nlu")
    problem = caught.value.problems[0]
    assert (problem.path, problem.line) == (path, number + 1)
    assert "bad pattern" in problem.message


def test_an_editor_can_add_a_currency_spelling(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_NLU_DIR, tmp_path / "nlu")
    common = tmp_path / "nlu" / "common.yaml"
    common.write_text(
        common.read_text("utf-8").replace('"bucks"]', '"bucks", "greenbacks"]'), "utf-8"
    )
    assert load_lexicon("en", tmp_path / "nlu").currencies["greenbacks"] == "USD"
