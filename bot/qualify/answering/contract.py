"""`leadbot ask`: JSON Lines in, one answer line out per line (../shared/eval/FAQ_CONTRACT.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from bot.qualify.answering.answerer import Answerer

LANGS = ("de", "en")


def answer_line(answerer: Answerer, line: str) -> dict[str, Any]:
    """One input line answered, or an error line naming why it could not be read."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not JSON: {error.msg}"}
    if not isinstance(item, dict):
        return {"id": None, "error": "expected a JSON object"}
    id_ = item.get("id")
    if not isinstance(id_, str):
        return {"id": None, "error": "id must be a string"}
    problem = _problem(item)
    if problem:
        return {"id": id_, "error": problem}
    answer = answerer.answer(item["text"], item["lang"])
    return {
        "id": id_,
        "faq": list(answer.faq),
        "library": list(answer.library),
        "human": answer.human,
    }


def _problem(item: dict[str, Any]) -> str | None:
    if item.get("lang") not in LANGS:
        return f"lang must be one of {', '.join(LANGS)}"
    if not isinstance(item.get("text"), str):
        return "text must be a string"
    return None


def answer_lines(answerer: Answerer, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Every input line answered, in order; unreadable ones (blank too) give error lines."""
    for line in lines:
        yield answer_line(answerer, line) if line.strip() else {"id": None, "error": "empty line"}


def main(stdin: IO[str], stdout: IO[str], answerer: Answerer | None = None) -> int:
    """Run the contract from stdin to stdout; builds the answerer from content/ when not given."""
    if answerer is None:
        from bot.qualify.answering.sources import load_answerer

        answerer = load_answerer()
    for output in answer_lines(answerer, stdin):
        stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
