"""The `leadbot nlu` contract: JSON Lines in, one JSON line out per input line, in order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from bot.qualify.nlu.extractor import Extractor

# The contract's questions, plus the two other questions the bot itself asks ("what do you
# need?", "are you already a customer?"), so its own dialog can be replayed through the CLI.
EXPECTS = {None, "budget", "authority", "timeframe", "company_size", "role", "need", "customer"}


def answer(
    extractor: Extractor, line: str, *, model: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """The answer to one input line; an unreadable line gets {"id", "error"}."""
    try:
        question = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not JSON: {error.msg} at column {error.colno}"}
    if not isinstance(question, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    identifier = question.get("id")
    problem = _problem(question)
    if problem:
        return {"id": identifier, "error": problem}
    lang = question["lang"]
    extraction = extractor.extract(
        question["text"],
        lang,
        today=date.fromisoformat(question["today"]),
        expect=question.get("expect"),
        model=(model or {}).get(lang),
    )
    return {"id": identifier, **extraction.as_contract()}


def _problem(question: dict[str, Any]) -> str | None:
    if question.get("lang") not in ("de", "en"):
        return 'lang must be "de" or "en"'
    if not isinstance(question.get("text"), str):
        return "text must be a string"
    if question.get("expect") not in EXPECTS:
        return f"expect must be one of {sorted(e for e in EXPECTS if e)} or null"
    try:
        date.fromisoformat(str(question.get("today")))
    except ValueError:
        return 'today must be a date "YYYY-MM-DD"'
    return None


def answer_lines(
    extractor: Extractor, lines: Iterable[str], *, model: dict[str, str | None] | None = None
) -> Iterator[str]:
    """One output line per input line (blank input lines included), never raising."""
    for line in lines:
        try:
            result = answer(extractor, line, model=model)
        except Exception as error:  # one bad line must not stop the rest
            result = {"id": None, "error": f"internal error: {type(error).__name__}"}
        yield json.dumps(result, ensure_ascii=False)
