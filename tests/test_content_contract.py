"""`content check` and the live reload refuse every edit the bot would fail on when sending."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest

from bot.content.errors import ContentError
from bot.content.store import ContentStore
from bot.content.text_contract import SUPPLIED
from tests.support import TEST_CONTENT_DIR

TEXT_KEY = re.compile(r"(rep|rights|consent|dialog|errors|start)\.[a-z_.]*[a-z](?<!\.yaml)")
BOT = Path(__file__).resolve().parent.parent / "bot"


@pytest.fixture
def editable(tmp_path: Path) -> Path:
    shutil.copytree(TEST_CONTENT_DIR, tmp_path / "content")
    return tmp_path / "content"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _problems(store: ContentStore) -> list[str]:
    outcome = store.reload_if_changed()
    assert isinstance(outcome, ContentError), "the broken edit was loaded"
    return [str(problem) for problem in outcome.problems]


def test_a_placeholder_the_code_does_not_supply_is_refused_in_both_locales(
    editable: Path,
) -> None:
    store = ContentStore(editable)
    _edit(editable / "locales" / "en.yaml", "Hello{name}", "Hello{name} from {company}")
    _edit(editable / "locales" / "de.yaml", "Hallo{name}", "Hallo{name} von {company}")
    problems = _problems(store)
    assert any(
        re.search(r"en\.yaml:\d+: 'start.greeting' uses \['company'\]", p) for p in problems
    ), problems
    assert store.current.texts.get("en", "start.greeting", name="").startswith("Hello")


def test_a_key_removed_from_every_locale_is_refused(editable: Path) -> None:
    store = ContentStore(editable)
    for locale in ("en", "de"):
        path = editable / "locales" / f"{locale}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = "".join(line for line in lines if not line.startswith("  forgotten:"))
        _edit(path, path.read_text(encoding="utf-8"), kept)
    problems = _problems(store)
    assert any("'rights.forgotten' is missing: the bot sends this text" in p for p in problems)


def test_a_broken_pattern_in_content_nlu_is_refused(editable: Path) -> None:
    store = ContentStore(editable)
    _edit(editable / "nlu" / "en.yaml", "'\\bmonthly\\b'", "'(monthly'")
    problems = _problems(store)
    assert any("nlu/en.yaml:" in p for p in problems), problems


def test_every_text_key_the_code_names_is_in_the_contract() -> None:
    named = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and TEXT_KEY.fullmatch(value):
                named.add(value)
    prefixes = {key.rsplit(".", 1)[0] for key in SUPPLIED}
    missing = {k for k in named if k not in SUPPLIED and k not in prefixes}
    assert not missing, f"text keys used in bot/ but not in text_contract.py: {missing}"
