"""Fit rules only add; engagement decays; the matrix decides temperature and readiness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.content.catalog import load_content
from bot.qualify import scoring
from bot.qualify.vocabulary import EventKind, FactKind
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


def test_a_solo_owner_who_wants_it_free_is_grade_d_though_he_decides() -> None:
    facts = {
        "need": {"text": "Kundenanfragen sammeln", "topic": "ticketing"},
        "company_size": {"min": 1, "max": 1},
        "authority": "decision_maker",
        "budget": {"status": "none"},
    }
    result = scoring.fit(SCORING, facts)
    assert {"works_alone", "no_budget"} <= {rule.id for rule in result.rules}
    assert result.grade == "D"


def test_a_small_team_picked_by_button_is_not_working_alone() -> None:
    one_to_nine = {"company_size": {"min": 1, "max": 9}}
    assert "works_alone" not in {rule.id for rule in scoring.fit(SCORING, one_to_nine).rules}


def test_a_start_more_than_a_year_away_keeps_a_big_budget_out_of_grade_a() -> None:
    facts = {
        "need": {"text": "tickets", "topic": "ticketing"},
        "company_size": {"min": 300, "max": 300},
        "authority": "decision_maker",
        "budget": {"status": "known", "max": 30000, "period": "year"},
    }
    assert scoring.fit(SCORING, facts).grade == "A"
    later = facts | {"timeframe": {"bucket": "later"}}
    assert scoring.fit(SCORING, later).grade == "B"
    no_budget_said = {k: v for k, v in later.items() if k != "budget"}
    assert not scoring.has_evidence(SCORING, no_budget_said)


def test_engagement_halves_every_half_life() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    later = start + timedelta(days=SCORING.engagement.half_life_days)
    assert scoring.decayed(40.0, start, later, SCORING.engagement.half_life_days) == 20.0


def test_the_hot_cells_are_the_sales_ready_ones() -> None:
    assert scoring.verdict(SCORING, "A", 100).temperature == "hot"
    assert scoring.verdict(SCORING, "A", 6).hot  # grade A after a few answers
    assert not scoring.verdict(SCORING, "B", 20).hot
    assert scoring.verdict(SCORING, "D", 100).temperature == "cold"


def test_engagement_only_scoring_without_fit_rules() -> None:
    no_rules = SCORING.model_copy(update={"fit": SCORING.fit.model_copy(update={"rules": []})})
    result = scoring.fit(no_rules, {"authority": "decision_maker"})
    assert (result.points, result.grade) == (0, None)
    assert scoring.verdict(no_rules, None, 0).temperature == "cold"
    assert scoring.verdict(no_rules, None, 100).hot


HOT_FACTS = {
    "need": {"text": "tickets", "topic": "ticketing"},
    "authority": "decision_maker",
    "timeframe": {"bucket": "quarter"},
    "budget": {"status": "known", "max": 40000, "period": "year"},
}


def test_a_hot_cell_without_authority_is_not_sales_ready_and_asks_for_it() -> None:
    hot = scoring.verdict(SCORING, "A", 100)
    facts = {k: v for k, v in HOT_FACTS.items() if k != "authority"}
    assert not scoring.sales_ready(SCORING, hot, facts)
    assert scoring.missing_evidence(SCORING, facts) == [FactKind.AUTHORITY]
    assert scoring.sales_ready(SCORING, hot, HOT_FACTS)


def test_one_of_budget_or_timeframe_is_enough_once_the_other_was_asked() -> None:
    hot = scoring.verdict(SCORING, "A", 100)
    no_budget = {k: v for k, v in HOT_FACTS.items() if k != "budget"}
    assert scoring.missing_evidence(SCORING, no_budget) == [FactKind.BUDGET]
    assert not scoring.sales_ready(SCORING, hot, no_budget)
    assert scoring.sales_ready(SCORING, hot, no_budget, skipped=["budget"])


def test_an_undecided_budget_and_timeframe_are_no_evidence() -> None:
    vague = HOT_FACTS | {"budget": {"status": "unknown"}, "timeframe": {"bucket": "none"}}
    assert scoring.missing_evidence(SCORING, vague) == []
    assert not scoring.has_evidence(SCORING, vague)


def test_a_stated_disqualifier_takes_points_away() -> None:
    student = {"authority": "none", "timeframe": {"bucket": "quarter"}}
    assert scoring.fit(SCORING, student).points < scoring.fit(SCORING, {}).points + 25
    assert scoring.fit(SCORING, student).grade == "D"


def test_answers_are_capped_per_day_and_per_lead() -> None:
    answer = SCORING.engagement.points("answer")
    assert answer.per_day is not None and answer.per_lead is not None
    assert scoring.capped(answer, today=0, ever=0) == answer.points
    assert scoring.capped(answer, today=answer.per_day, ever=answer.per_day) == 0
    assert scoring.capped(answer, today=0, ever=answer.per_lead) == 0


def test_price_trial_contract_and_demo_words_are_interest_signals() -> None:
    kinds = scoring.cue_events(SCORING, "What does it cost, and can we sign a contract?", "en")
    assert kinds == [EventKind.PRICE_QUESTION, EventKind.CONTRACT_QUESTION]
    assert scoring.cue_events(SCORING, "Gibt es eine Testversion?", "de") == [
        EventKind.TRIAL_REQUEST
    ]
    assert scoring.cue_events(SCORING, "nur was Kostenloses", "de") == []  # whole words


def test_every_weighted_event_kind_is_emitted_by_the_domain_or_reserved() -> None:
    # Where a kind is declared (vocabulary) or reserved (scoring) does not emit it; a kind
    # with cue words is sent by the words of a message.
    domain = Path(scoring.__file__).parent
    emitters = [p for p in domain.rglob("*.py") if p.name not in {"scoring.py", "vocabulary.py"}]
    source = "\n".join(path.read_text(encoding="utf-8") for path in emitters)
    weighted = {kind for kind, entry in SCORING.engagement.events.items() if entry.points}
    silent = {
        kind
        for kind in weighted
        if f"EventKind.{kind.name}" not in source and not SCORING.engagement.events[kind].words
    }
    assert silent == scoring.RESERVED_EVENT_KINDS
