"""content/faq_examples/*.jsonl: prospects' questions labelled with the answers they expect.

The answerer's classifier learns from them what a question is about, so they travel with
the content (an installed bot trains on them at load, in about a second) and editors keep
them: one JSON object a line, `{"id", "lang", "text", "faq": [...], "library": [...]}`,
the format of ../shared/eval/FAQ_CONTRACT.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.content.errors import ContentProblem
from bot.content.texts import LOCALES
from bot.qualify.answering import LabelledQuestion, labelled_question


def load_faq_examples(
    directory: Path, problems: list[ContentProblem]
) -> list[tuple[Path, int, LabelledQuestion]]:
    """Every labelled question with its file and line; none when the folder is absent."""
    found: list[tuple[Path, int, LabelledQuestion]] = []
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            problem, item = _read(raw)
            if problem:
                problems.append(ContentProblem(path, number, problem))
            else:
                found.append((path, number, labelled_question(item)))
    return found


def _read(raw: str) -> tuple[str | None, dict[str, Any]]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        return f"not JSON: {error.msg}", {}
    if not isinstance(item, dict):
        return "expected a JSON object", {}
    if item.get("lang") not in LOCALES:
        return f"lang must be one of {', '.join(LOCALES)}", item
    if not isinstance(item.get("text"), str) or not item["text"].strip():
        return "text must be a non-empty string", item
    for field in ("faq", "library"):
        value = item.get(field, [])
        if not isinstance(value, list) or not all(isinstance(id_, str) for id_ in value):
            return f"{field} must be a list of ids", item
    return None, item


def check_faq_examples(
    examples: Iterable[tuple[Path, int, LabelledQuestion]],
    faq_ids: Iterable[str],
    library_ids: Iterable[str],
) -> list[ContentProblem]:
    """Every id a labelled question names is an FAQ entry or a library item."""
    faq, library = set(faq_ids), set(library_ids)
    problems: list[ContentProblem] = []
    for path, line, question in examples:
        for id_ in sorted(set(question.faq) - faq):
            problems.append(ContentProblem(path, line, f"no FAQ entry {id_!r} in faq.yaml"))
        for id_ in sorted(set(question.library) - library):
            problems.append(ContentProblem(path, line, f"no library item {id_!r}"))
    return problems
