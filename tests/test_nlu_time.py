"""Relative time is computed against an injected today, with real calendar arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from bot.qualify.nlu.calendar import bucket_for
from tests.nlu_support import extract


def _time(text: str, lang: str, today: date) -> dict[str, object]:
    value = extract(text, lang, today=today, expect="timeframe").value("timeframe")
    assert isinstance(value, dict), text
    return value


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "immediate"),
        (30, "immediate"),
        (31, "quarter"),
        (90, "quarter"),
        (91, "half_year"),
        (180, "half_year"),
        (181, "year"),
        (365, "year"),
        (366, "later"),
    ],
)
def test_bucket_edges_follow_the_contract(days: int, bucket: str) -> None:
    assert bucket_for(days) == bucket


def test_end_of_march_is_the_last_day_of_march() -> None:
    assert _time("bis Ende März", "de", date(2026, 11, 22))["date"] == "2027-03-31"
    assert _time("by the end of March", "en", date(2027, 3, 2))["date"] == "2027-03-31"


def test_end_of_february_knows_leap_years() -> None:
    assert _time("bis Ende Februar", "de", date(2027, 11, 1))["date"] == "2028-02-29"


def test_in_six_weeks_is_42_days() -> None:
    assert _time("in six weeks", "en", date(2026, 11, 22))["days"] == 42
    assert _time("in sechs Wochen", "de", date(2026, 12, 30))["date"] == "2027-02-10"


def test_next_quarter_rolls_over_the_year() -> None:
    value = _time("next quarter", "en", date(2026, 11, 22))
    assert "2027-01-01" <= str(value["date"]) <= "2027-03-31"


def test_naechstes_fruehjahr_is_next_years_spring_in_autumn() -> None:
    value = _time("nächstes Frühjahr", "de", date(2026, 10, 1))
    assert "2027-03-01" <= str(value["date"]) <= "2027-05-31"


def test_same_words_give_other_buckets_on_other_days() -> None:
    assert _time("im Januar", "de", date(2026, 11, 22))["bucket"] == "quarter"
    assert _time("im Januar", "de", date(2026, 12, 28))["bucket"] == "immediate"


def test_easter_is_computed_per_year() -> None:
    assert _time("direkt nach Ostern", "de", date(2027, 1, 1))["date"] == "2027-03-29"


def test_past_dates_are_not_a_plan() -> None:
    result = extract("Seit Oktober nutzen wir ein neues ERP", "de", today=date(2026, 11, 22))
    assert result.value("timeframe") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Probably Q3 next year", "en", "2027-08-15"),
        ("im dritten Quartal nächsten Jahres", "de", "2027-08-15"),
        ("1 July next year", "en", "2027-07-01"),
        ("im Juli kommenden Jahres", "de", "2027-07-16"),
    ],
)
def test_next_year_after_a_quarter_or_month_moves_it_a_year(
    text: str, lang: str, expected: str
) -> None:
    assert _time(text, lang, date(2026, 6, 30))["date"] == expected
