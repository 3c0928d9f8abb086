"""The house rules that keep the code readable in an hour, checked on every run."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40
# Query builders and session calls that run SQL: they belong in storage/ only.
SQL_NAMES = {"select", "update", "delete", "insert", "text", "func"}
SQL_CALLS = {"execute", "scalar", "scalars", "get", "add", "delete", "flush", "merge"}


def _modules(*folders: str) -> Iterator[Path]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", list(_modules("bot", "storage")), ids=str)
def test_modules_and_functions_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, f"{path} is too long"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path}: {long}"


@pytest.mark.parametrize("path", list(_modules("bot/qualify")), ids=str)
def test_the_domain_knows_neither_telegram_nor_sql_nor_html(path: Path) -> None:
    imported = set(_imports(ast.parse(path.read_text(encoding="utf-8"))))
    forbidden = {
        name
        for name in imported
        if name.startswith("aiogram")
        or name == "html"
        or (name.startswith("sqlalchemy.") and name.rsplit(".", 1)[1] in SQL_NAMES)
    }
    assert not forbidden, f"{path} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", list(_modules("bot")), ids=str)
def test_no_sql_outside_storage(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    builders = {
        name.rsplit(".", 1)[1]
        for name in _imports(tree)
        if name.startswith("sqlalchemy.") and name.rsplit(".", 1)[1] in SQL_NAMES
    }
    session_calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "session"
        and node.func.attr in SQL_CALLS
    ]
    assert not builders, f"{path} builds SQL with {sorted(builders)}"
    assert not session_calls, f"{path} runs SQL on lines {session_calls}"
