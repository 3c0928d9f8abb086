"""Persona from role, size, industry, topic and words; stages only move forward."""

from __future__ import annotations

from bot.content.catalog import load_content
from bot.qualify.signals import need_topic, persona_for, stage_after
from tests.support import TEST_CONTENT_DIR

CONTENT = load_content(TEST_CONTENT_DIR)


def test_industry_words_point_to_a_persona() -> None:
    texts = ["Wir sind ein Aufzugsunternehmen mit eigenem Kundendienst"]
    assert persona_for(CONTENT.personas, {}, texts, "de") == "service_manager"
    assert persona_for(CONTENT.personas, {}, ["Wir sind ein Aufzugsunternehmen"], "de") is None
    facts = {"company_size": {"min": 40, "max": 40}}
    texts = ["We maintain elevators and HVAC systems for property managers"]
    assert persona_for(CONTENT.personas, facts, texts, "en") == "service_manager"


def test_persona_is_revised_as_facts_arrive() -> None:
    facts = {"company_size": {"min": 20, "max": 20}, "need": {"topic": "ticketing"}}
    first = persona_for(CONTENT.personas, facts, ["we need a helpdesk for tickets"], "en")
    later = persona_for(CONTENT.personas, {**facts, "role": "it"}, ["we need a helpdesk"], "en")
    assert (first, later) == ("small_business_owner", "it_lead")


def test_stage_moves_forward_on_price_questions_and_never_back() -> None:
    stages = CONTENT.stages
    assert stage_after(stages, "awareness", "does it integrate with SAP?", "en") == "consideration"
    assert stage_after(stages, "consideration", "what does a licence cost?", "en") == "decision"
    assert stage_after(stages, "decision", "hello again", "en") == "decision"
    assert stage_after(stages, "customer", "what does it cost?", "en") == "customer"


def test_need_is_matched_to_the_topic_it_describes() -> None:
    assert need_topic(CONTENT.topics, "Unsere Techniker brauchen eine Einsatzplanung", "de") == (
        "field_service"
    )
    assert need_topic(CONTENT.topics, "no idea what we need", "en") is None
