"""Per-locale dialog texts: every word a prospect reads comes from content/locales/."""

from __future__ import annotations

import html
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.errors import ContentError, ContentProblem
from bot.content.yaml_lines import KeyPath, line_of, load_yaml

LOCALES = ("en", "de")


@dataclass(frozen=True)
class Texts:
    """Texts by locale and dotted key, rendered with HTML-escaped values."""

    by_locale: dict[str, dict[str, str]]
    fallback: str = "en"

    def locales(self) -> tuple[str, ...]:
        """The locales every text exists in."""
        return tuple(self.by_locale)

    def get(self, locale: str, key: str, **values: Any) -> str:
        """The text `key` in `locale`, with `values` escaped and filled in."""
        table = self.by_locale.get(locale) or self.by_locale[self.fallback]
        template = table[key]
        safe = {name: html.escape(str(value), quote=False) for name, value in values.items()}
        return template.format(**safe) if safe else template

    def raw(self, locale: str, key: str, **values: str) -> str:
        """Like get, but the values are already safe HTML (rendered from other texts)."""
        table = self.by_locale.get(locale) or self.by_locale[self.fallback]
        return table[key].format(**values) if values else table[key]


def _flatten(data: Any, prefix: KeyPath, out: dict[KeyPath, Any]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _flatten(value, (*prefix, str(key)), out)
    else:
        out[prefix] = data


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def placeholders(template: str) -> set[str]:
    """The names a text asks to be filled in, e.g. {"name"} for "Hello{name}"."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def load_texts(directory: Path) -> Texts:
    """Load content/locales/<locale>.yaml and check them against each other."""
    problems: list[ContentProblem] = []
    tables: dict[str, dict[str, str]] = {}
    lines_by_locale: dict[str, dict[KeyPath, int]] = {}
    paths = {locale: directory / f"{locale}.yaml" for locale in LOCALES}
    for locale, path in paths.items():
        if not path.exists():
            problems.append(ContentProblem(path, 1, f"missing texts for locale {locale!r}"))
            continue
        try:
            data, lines = load_yaml(path)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        flat: dict[KeyPath, Any] = {}
        _flatten(data or {}, (), flat)
        table: dict[str, str] = {}
        for key_path, value in flat.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(
                    ContentProblem(
                        path, line_of(lines, key_path), "text must be a non-empty string"
                    )
                )
                continue
            try:
                _fields(value)
            except ValueError as error:
                problems.append(ContentProblem(path, line_of(lines, key_path), f"{error}"))
                continue
            table[".".join(str(part) for part in key_path)] = value
        tables[locale] = table
        lines_by_locale[locale] = lines
    if len(tables) == len(LOCALES):
        problems.extend(_compare(tables, paths, lines_by_locale))
    if problems:
        raise ContentError(problems)
    return Texts(tables)


def _compare(
    tables: dict[str, dict[str, str]],
    paths: dict[str, Path],
    lines: dict[str, dict[KeyPath, int]],
) -> list[ContentProblem]:
    problems = []
    every_key = set().union(*(set(table) for table in tables.values()))
    for locale, table in tables.items():
        for key in sorted(every_key - set(table)):
            others = [other for other in tables if key in tables[other]]
            problems.append(
                ContentProblem(
                    paths[locale], 1, f"{key!r} is missing (it exists in {', '.join(others)})"
                )
            )
    reference = tables[LOCALES[0]]
    for locale, table in tables.items():
        for key, template in table.items():
            if key in reference and _fields(template) != _fields(reference[key]):
                problems.append(
                    ContentProblem(
                        paths[locale],
                        line_of(lines[locale], tuple(key.split("."))),
                        f"{key!r} uses placeholders {sorted(_fields(template))}, "
                        f"but {LOCALES[0]} uses {sorted(_fields(reference[key]))}",
                    )
                )
    return problems
