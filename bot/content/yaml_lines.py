"""YAML loading that remembers on which line each key stands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.errors import ContentError, ContentProblem

KeyPath = tuple[str | int, ...]


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineMap(dict[KeyPath, int]):
    """Line numbers of key paths, worked out only when an error needs one."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            node = yaml.compose(self._text, Loader=_Loader)
            self[()] = 1
            if node is not None:
                _walk(node, (), self)
            self._text = None

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def get(self, key: KeyPath, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key: KeyPath) -> int:
        self._fill()
        return super().__getitem__(key)


def load_yaml(path: Path) -> tuple[Any, dict[KeyPath, int]]:
    """Parse a YAML file; return the data and the 1-based line of every key path."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise ContentError([ContentProblem(path, line, f"YAML: {error.problem}")]) from None
    return data, LineMap(text)


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines)


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of the deepest known key along `path`."""
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)
