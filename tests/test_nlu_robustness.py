"""Bad input never raises and never becomes a budget or a timeframe by accident."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.nlu_support import extract

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", ""),
        ("en", "   "),
        ("en", "🙂🙏🚀"),
        ("de", "0171 2345678"),
        ("de", "Rufnummer 040 / 123 45 67"),
        ("en", "2025 we bought a new CRM"),
        ("de", "Unsere Quote liegt bei 85 %"),
        ("en", "we grew 30% last year"),
        ("de", "Das Modell X500 läuft bei uns"),
        ("en", "we run the S7-1500 PLCs"),
        ("de", "Wir sitzen in 20457 Hamburg"),
        ("en", "we have 3 locations"),
        ("de", "Wir haben 120 LKW"),
        ("en", "Hello, bonjour, ciao!"),
        ("de", "Wir sind seit 1998 am Markt"),
    ],
)
@pytest.mark.parametrize("expect", ["budget", "timeframe", None])
def test_no_budget_or_timeframe_from_noise(lang: str, text: str, expect: str | None) -> None:
    result = extract(text, lang, today=TODAY, expect=expect)
    assert result.value("budget") is None
    assert result.value("timeframe") is None


def test_twenty_thousand_characters_are_read_without_error() -> None:
    text = "Wir brauchen eine Lösung für unseren Service. " * 450
    assert len(text) > 20000
    assert extract(text, "de", today=TODAY, expect="budget").value("budget") is None


def test_mixed_languages_still_find_the_amount() -> None:
    budget = extract("Budget is ca. 20k Euro pro Jahr", "en", today=TODAY).value("budget")
    assert (budget["max"], budget["currency"], budget["period"]) == (20000, "EUR", "year")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=300),
    lang=st.sampled_from(["de", "en"]),
    expect=st.sampled_from([None, "budget", "authority", "timeframe", "company_size", "role"]),
)
def test_any_text_is_answered_without_raising(text: str, lang: str, expect: str | None) -> None:
    answer = extract(text, lang, today=TODAY, expect=expect).as_contract()
    assert set(answer) == {"budget", "authority", "timeframe", "company_size", "role", "intent"}
