"""Fit rules only add; engagement decays; the matrix decides temperature and readiness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.content.catalog import load_content
from bot.qualify import scoring
from bot.qualify.vocabulary import EventKind
from tests.support import TEST_CONTENT_DIR

SCORING = load_content(TEST_CONTENT_DIR).scoring


def test_missing_facts_never_take_points_away() -> None:
    nothing = scoring.fit(SCORING, {})
    with_unknowns = scoring.fit(
        SCORING,
        {
            "budget": {"status": "unknown"},
            "timeframe": {"bucket": "unknown"},
            "company_size": None,
            "authority": "unknown",
        },
    )
    assert nothing.points == with_unknowns.points == 0
    assert nothing.grade == "D"


def test_monthly_budget_counts_as_a_year() -> None:
    monthly = {"status": "known", "min": None, "max": 2000, "currency": "EUR", "period": "month"}
    rules = {rule.id for rule in scoring.fit(SCORING, {"budget": monthly}).rules}
    assert rules == {"budget_known", "budget_5k_a_year", "budget_20k_a_year"}


def test_a_decision_maker_buying_this_quarter_with_budget_is_grade_a() -> None:
    facts = {
        "authority": "decision_maker",
        "timeframe": {"bucket": "quarter"},
        "budget": {"status": "known", "min": 30000, "max": 30000, "period": None},
    }
    assert scoring.fit(SCORING, facts).grade == "A"


def test_engagement_halves_every_half_life() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    later = start + timedelta(days=SCORING.engagement.half_life_days)
    assert scoring.decayed(40.0, start, later, SCORING.engagement.half_life_days) == 20.0


def test_matrix_gives_temperature_and_readiness() -> None:
    assert scoring.verdict(SCORING, "A", 100).temperature == "hot"
    assert scoring.verdict(SCORING, "A", 100).sales_ready
    assert not scoring.verdict(SCORING, "B", 20).sales_ready
    assert scoring.verdict(SCORING, "D", 100).temperature == "cold"


def test_engagement_only_scoring_without_fit_rules() -> None:
    no_rules = SCORING.model_copy(update={"fit": SCORING.fit.model_copy(update={"rules": []})})
    result = scoring.fit(no_rules, {"authority": "decision_maker"})
    assert (result.points, result.grade) == (0, None)
    assert scoring.verdict(no_rules, None, 0).temperature == "cold"
    hot = scoring.verdict(no_rules, None, 100)
    assert (hot.temperature, hot.sales_ready) == ("hot", True)



def test_every_weighted_event_kind_is_emitted_by_the_domain_or_reserved() -> None:
    # Where a kind is declared (vocabulary) or reserved (scoring) does not emit it.
    domain = Path(scoring.__file__).parent
    emitters = [p for p in domain.rglob("*.py") if p.name not in {"scoring.py", "vocabulary.py"}]
    source = "\n".join(path.read_text(encoding="utf-8") for path in emitters)
    weighted = {EventKind(kind) for kind, weight in SCORING.engagement.events.items() if weight}
    silent = {kind for kind in weighted if f"EventKind.{kind.name}" not in source}
    assert silent == scoring.RESERVED_EVENT_KINDS
