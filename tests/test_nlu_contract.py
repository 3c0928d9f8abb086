"""`leadbot nlu`: one JSON line out for each line in, in order, exit status 0."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bot.cli import app

LINES: list[dict[str, str | None] | str] = [
    {"id": "a", "lang": "de", "today": "2026-11-22", "expect": "budget", "text": "ca. 15.000 €"},
    "this is not json",
    {"id": "b", "lang": "fr", "today": "2026-11-22", "expect": None, "text": "bonjour"},
    {"id": "c", "lang": "en", "today": "22/11/2026", "expect": None, "text": "hi"},
    {"id": "d", "lang": "en", "today": "2026-11-22", "expect": "timeframe", "text": "asap"},
]


def test_contract_answers_every_line_in_order() -> None:
    stdin = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in LINES) + "\n"
    result = CliRunner().invoke(app, ["nlu"], input=stdin)
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a.get("id") for a in answers] == ["a", None, "b", "c", "d"]
    assert answers[0]["budget"] == {
        "status": "known",
        "min": 15000,
        "max": 15000,
        "currency": "EUR",
        "period": None,
    }
    assert set(answers[0]) == {
        "id",
        "budget",
        "authority",
        "timeframe",
        "company_size",
        "role",
        "intent",
    }
    assert "not JSON" in answers[1]["error"]
    assert "lang" in answers[2]["error"]
    assert "today" in answers[3]["error"]
    assert answers[4]["timeframe"]["bucket"] == "immediate"


def test_the_bots_own_need_and_customer_questions_are_valid_expectations() -> None:
    text = "Can I talk to someone from sales directly?"
    lines = [
        {"id": expect, "lang": "en", "today": "2026-11-22", "expect": expect, "text": text}
        for expect in ("need", "customer", "nonsense")
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n"
    answers = [
        json.loads(line)
        for line in CliRunner().invoke(app, ["nlu"], input=stdin).stdout.splitlines()
    ]
    assert [a.get("intent") for a in answers[:2]] == ["human", "human"]
    assert "expect must be one of" in answers[2]["error"]
