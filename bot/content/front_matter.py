"""Markdown files with YAML front matter (library items, privacy notices)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.errors import ContentProblem


def read_front_matter(
    path: Path, problems: list[ContentProblem]
) -> tuple[dict[str, Any], str, str] | None:
    """The front matter (parsed, and as written, for line numbers) and the body of a file,
    or None with the problem recorded at its line."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        problems.append(ContentProblem(path, 1, "expected front matter between '---' lines"))
        return None
    head, body = text[4:].split("\n---\n", 1)
    try:
        meta = yaml.safe_load(head) or {}
    except yaml.MarkedYAMLError as error:
        line = (error.problem_mark.line + 2) if error.problem_mark else 2
        problems.append(ContentProblem(path, line, f"front matter: {error.problem}"))
        return None
    if not isinstance(meta, dict):
        problems.append(ContentProblem(path, 2, "front matter must be a mapping of keys"))
        return None
    return meta, head, body
