"""Our own regression sentences (not the shared dev set), read by the rule readers of the
shipped content/nlu/: every field of every case must be right. The trained classifiers
that decide which readings stand are measured on the locked corpus split instead."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.content.catalog import load_content
from bot.qualify.nlu.facts import FIELDS
from bot.settings import DEFAULT_CONTENT_DIR
from tests.nlu_gold import matches

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent.parent / "data" / "nlu_cases.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]

EXTRACTOR = load_content(DEFAULT_CONTENT_DIR).extractor


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    answer = EXTRACTOR.extract(
        case["text"],
        case["lang"],
        today=date.fromisoformat(case["today"]),
        expect=case["expect"],
        raw=True,
    ).as_contract()
    wrong = {
        field: (answer[field], case["gold"][field])
        for field in FIELDS
        if not matches(field, answer[field], case["gold"][field])
    }
    assert not wrong, f"{case['text']!r}: got/want {wrong}"
