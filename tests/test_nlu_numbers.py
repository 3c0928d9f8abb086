"""Numbers as people write them: formats, scales, ranges and number words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.qualify.nlu.amounts import parse_number
from tests.nlu_support import extract

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("15.000", 15000),
        ("1.250,50", 1250.5),
        ("1,500.50", 1500.5),
        ("8'000", 8000),
        ("1,2", 1.2),
        ("2.5", 2.5),
        ("1.250.000", 1250000),
        ("0,8", 0.8),
        ("749,90", 749.9),
    ],
)
def test_number_formats(written: str, value: float) -> None:
    assert parse_number(written) == pytest.approx(value)


@pytest.mark.parametrize(
    ("lang", "text", "low", "high"),
    [
        ("de", "zwanzigtausend", 20000, 20000),
        ("de", "dreiundzwanzigtausend", 23000, 23000),
        ("de", "zweihundertfünfzig", 250, 250),
        ("de", "zwei Millionen", 2_000_000, 2_000_000),
        ("de", "anderthalb Millionen", 1_500_000, 1_500_000),
        ("de", "eine halbe Million", 500_000, 500_000),
        ("de", "so zwischen elf- und vierzehntausend", 11000, 14000),
        ("de", "neunzehntausendneunhundert", 19900, 19900),
        ("en", "twenty-five thousand", 25000, 25000),
        ("en", "a couple hundred", 200, 200),
        ("en", "half a mil", 500_000, 500_000),
        ("en", "ninety grand", 90000, 90000),
        ("en", "one million", 1_000_000, 1_000_000),
        ("de", "ca. 15 TEUR", 15000, 15000),
        ("de", "1,2 Mio.", 1_200_000, 1_200_000),
        ("en", "2.5m", 2_500_000, 2_500_000),
        ("de", "50-60k", 50000, 60000),
        ("en", "€3.5k–€4k", 3500, 4000),
    ],
)
def test_amounts_in_words_and_digits(lang: str, text: str, low: float, high: float) -> None:
    budget = extract(text, lang, today=TODAY, expect="budget").value("budget")
    assert budget is not None, text
    assert (budget["min"], budget["max"]) == (pytest.approx(low), pytest.approx(high))


def test_currency_from_the_scale_word() -> None:
    budget = extract("rund 250 TEUR", "de", today=TODAY, expect="budget").value("budget")
    assert budget["currency"] == "EUR"


def test_per_unit_price_is_not_multiplied_out() -> None:
    budget = extract(
        "Pro Lizenz maximal 8,50 € im Monat, wir brauchen 60 Stück",
        "de",
        today=TODAY,
        expect="budget",
    ).value("budget")
    assert (budget["max"], budget["period"]) == (8.5, "month")


def test_sign_off_limit_is_authority_not_budget() -> None:
    result = extract(
        "I can approve up to $2k on my own, anything above that goes to the board",
        "en",
        today=TODAY,
        expect="authority",
    )
    assert result.value("budget") is None
    assert result.value("authority") == "shared"


def test_revenue_is_not_a_budget() -> None:
    result = extract("Wir machen 40 Mio. Umsatz", "de", today=TODAY, expect="budget")
    assert result.value("budget") is None


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Budget around 3 lakhs", (300_000, 300_000, "INR", None)),
        ("en", "AUD 12k, give or take", (12000, 12000, "AUD", None)),
        ("en", "£8,000 for the year, that's what finance gave me.", (8000, 8000, "GBP", "year")),
        ("en", "CFO approved 45k for the project, one-time.", (45000, 45000, None, "once")),
        ("de", "Sie hat 4.000 € fürs erste Jahr eingeplant.", (4000, 4000, "EUR", "year")),
        ("de", "Mehr als 300 € im Monat wird schwierig.", (None, 300, "EUR", "month")),
        ("de", "Zu teuer wäre alles über 500 € im Monat.", (None, 500, "EUR", "month")),
        ("de", "budgt ist so zwischn 30 und 40k", (30000, 40000, None, None)),
        ("de", "Ich schätze, 10.000 bis 15.000 werden wir ausgeben.", (10000, 15000, None, None)),
    ],
)
def test_budget_bounds_currency_and_period(
    lang: str, text: str, expected: tuple[float | None, float | None, str | None, str | None]
) -> None:
    budget = extract(text, lang, today=TODAY, expect="budget").value("budget")
    assert budget is not None, text
    assert (budget["min"], budget["max"], budget["currency"], budget["period"]) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "I decide, but the CFO signs anything above 25k"),
        ("de", "Unter 10k kann ich das allein abzeichnen."),
        ("en", "we're paying zendesk about 900 a month right now and frankly it's too much"),
    ],
)
def test_limits_and_current_spend_are_not_a_budget(lang: str, text: str) -> None:
    assert extract(text, lang, today=TODAY, expect="authority").value("budget") is None


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "we're 47", (47, 47)),
        ("de", "Grüezi, mir sind öppe 150 Mitarbeitendi", (150, 150)),
        ("en", "75 carers + 6 office staff", (81, 81)),
        ("en", "3 people in the office and 25 technicians out in the field", (28, 28)),
        ("en", "We're a team of 4 developers and me.", (5, 5)),
        ("de", "ueber 300 mitarbeiter", (300, None)),
        ("de", "Wir sind 75 im Betrieb, ich bin Meister.", (75, 75)),
    ],
)
def test_company_size_from_how_people_count_themselves(
    lang: str, text: str, expected: tuple[float | None, float | None]
) -> None:
    size = extract(text, lang, today=TODAY, expect=None).value("company_size")
    assert size is not None, text
    assert (size["min"], size["max"]) == expected


@pytest.mark.parametrize(
    "text", ["Wir sind seit 20 Jahren am Markt.", "We're 2 weeks away from launch."]
)
def test_we_are_with_a_time_noun_is_no_headcount(text: str) -> None:
    lang = "de" if "Wir" in text else "en"
    assert extract(text, lang, today=TODAY, expect=None).value("company_size") is None
