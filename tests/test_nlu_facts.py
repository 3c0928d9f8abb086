"""Every fact carries a confidence and the exact text it came from."""

from __future__ import annotations

from datetime import date

import pytest

from tests.nlu_support import extract

TODAY = date(2026, 11, 22)


def test_each_fact_quotes_the_original_words() -> None:
    text = "ca. 15 TEUR, entscheide ich mit meinem Partner, bis Ende März"
    result = extract(text, "de", today=TODAY)
    budget, authority, timeframe = (result.facts[k] for k in ("budget", "authority", "timeframe"))
    assert budget.quote == "15 TEUR" and text[budget.start : budget.end] == "15 TEUR"
    assert "Partner" in authority.quote
    assert timeframe.quote == "Ende März"
    assert all(0 < fact.confidence <= 1 for fact in result.facts.values())


def test_quote_of_a_number_word_is_the_word_not_the_digits() -> None:
    fact = extract("so um die dreiundzwanzigtausend Euro", "de", today=TODAY).facts["budget"]
    assert fact.quote == "dreiundzwanzigtausend Euro"


def test_a_bare_number_is_less_certain_than_one_with_currency() -> None:
    bare = extract("40000", "en", today=TODAY, expect="budget").facts["budget"]
    stated = extract("$40,000", "en", today=TODAY, expect="budget").facts["budget"]
    assert bare.confidence < stated.confidence


@pytest.mark.parametrize(
    ("lang", "text", "role"),
    [
        ("de", "Ich bin Serviceleiterin bei einem Aufzugsdienst.", "operations"),
        ("en", "I'm the Head of Customer Service.", "operations"),
        ("de", "Ich leite den Kundenservice.", "operations"),
        ("de", "Prokurist.", "other"),
        ("en", "Chief Financial Officer", "finance"),
    ],
)
def test_service_and_officer_titles_name_a_role(lang: str, text: str, role: str) -> None:
    assert extract(text, lang, today=TODAY, expect="role").value("role") == role
