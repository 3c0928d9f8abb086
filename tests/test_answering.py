"""Answering prospects' questions: the behaviour that real wording breaks, asserted on ids."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from bot.content.catalog import load_content
from bot.qualify.answering import (
    Answerer,
    Candidate,
    FaqEntry,
    Kind,
    LabelledQuestion,
    Settings,
    answer_lines,
    competing_entries,
    decide,
    explain,
    group_unanswered,
    load_answerer,
    main,
)
from tests.support import TEST_CONTENT_DIR


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    return load_answerer(TEST_CONTENT_DIR)


def faq(answerer: Answerer, text: str, lang: str) -> set[str]:
    return set(answerer.answer(text, lang).faq)


def test_compound_lizenzkosten_is_price(answerer: Answerer) -> None:
    assert faq(answerer, "Wie hoch sind die Lizenzkosten für zwölf Agenten?", "de") == {"price"}


def test_typos_still_find_the_entry(answerer: Answerer) -> None:
    assert faq(answerer, "gibts ne schnitstelle zu datev", "de") == {"integrations"}
    assert faq(answerer, "whats the pricng per agnet?", "en") == {"price"}


def test_english_words_in_german(answerer: Answerer) -> None:
    assert faq(answerer, "Gibt es einen Free Trial?", "de") == {"trial"}


def test_several_questions_in_one_message_get_all_their_ids(answerer: Answerer) -> None:
    assert faq(answerer, "Was kostet das und kann man monatlich kündigen?", "de") == {
        "price",
        "contract",
    }
    assert faq(answerer, "price + trial pls", "en") == {"price", "trial"}


def test_question_inside_a_long_message_ignores_the_facts_around_it(answerer: Answerer) -> None:
    text = (
        "Wir sind ein Handwerksbetrieb mit 40 Leuten, nutzen SAP und haben 6.000 Euro im Jahr "
        "eingeplant. Starten wollen wir im März. Was kostet das denn bei euch pro Nutzer?"
    )
    assert faq(answerer, text, "de") == {"price"}


def test_document_request_offers_the_document_without_an_faq_answer(answerer: Answerer) -> None:
    answer = answerer.answer("Können Sie mir eine Vergleichsübersicht schicken?", "de")
    assert answer.faq == ()
    assert "comparison-sheet" in answer.library
    assert answer.human is False


def test_off_topic_abstains_and_offers_a_person(answerer: Answerer) -> None:
    answer = answerer.answer("wie wird das wetter morgen in hamburg?", "de")
    assert (answer.faq, answer.human) == ((), True)


def test_on_premise_is_not_data_protection(answerer: Answerer) -> None:
    assert faq(answerer, "Kann man das auch on-premise betreiben?", "de") == set()
    assert faq(answerer, "is it GDPR compliant and can we host it on-premise?", "en") == {
        "data_protection"
    }


def test_free_trial_in_german_is_trial_not_price(answerer: Answerer) -> None:
    assert faq(answerer, "Kann ich das kostenlos ausprobieren?", "de") == {"trial"}


@pytest.mark.parametrize("text", ["how much is it?", "pricing?"])
def test_short_price_questions_in_english(answerer: Answerer, text: str) -> None:
    assert faq(answerer, text, "en") == {"price"}


def test_new_faq_entry_is_found_without_retraining(answerer: Answerer) -> None:
    on_premise = FaqEntry(
        "on_premise",
        {
            "de": ("kann man das on-premise betreiben", "gibt es eine version zum selbst hosten"),
            "en": ("can we run it on premise", "is there a self-hosted version"),
        },
        {"de": "Nein, nur als Cloud-Dienst.", "en": "No, it runs as a cloud service only."},
    )
    extended = Answerer(
        (*answerer.entries, on_premise), answerer.library, load_labelled(), answerer.settings
    )
    assert "on_premise" not in {key[1] for key in extended.classifiers["de"].keys}
    assert faq(extended, "Kann man das auch on-premise betreiben?", "de") == {"on_premise"}
    assert faq(extended, "Can we host it on-premise ourselves?", "en") == {"on_premise"}
    assert faq(extended, "Was kostet das?", "de") == {"price"}


def load_labelled() -> list[LabelledQuestion]:
    return list(load_content(TEST_CONTENT_DIR).faq_examples)


def test_contract_runner_keeps_order_and_reports_unreadable_lines(answerer: Answerer) -> None:
    lines = [
        json.dumps({"id": "a", "lang": "en", "text": "how much is it?"}),
        "{not json",
        json.dumps({"id": "b", "lang": "fr", "text": "combien?"}),
        json.dumps({"id": "c", "lang": "de", "text": "Wetter morgen?", "extra": 1}),
    ]
    outputs = list(answer_lines(answerer, lines))
    assert [output["id"] for output in outputs] == ["a", None, "b", "c"]
    assert outputs[0]["faq"] == ["price"] and outputs[0]["human"] is False
    assert "error" in outputs[1] and "error" in outputs[2]
    assert (outputs[3]["faq"], outputs[3]["library"], outputs[3]["human"]) == ([], [], True)


def test_main_writes_one_json_line_per_input_line(answerer: Answerer) -> None:
    stdin = io.StringIO('{"id": "1", "lang": "de", "text": "Kündigungsfrist?"}\n\n')
    stdout = io.StringIO()
    assert main(stdin, stdout, answerer) == 0
    written = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [line["id"] for line in written] == ["1", None]
    assert written[0]["faq"] == ["contract"]


def test_explain_marks_the_chosen_entries(answerer: Answerer) -> None:
    lines = explain(answerer.answer("Was kostet das und kann man monatlich kündigen?", "de"))
    chosen = [line for line in lines if line.startswith("* ")]
    assert {line.split()[2].rstrip(":") for line in chosen} == {"price", "contract"}


def test_competing_entries_names_an_example_two_entries_claim(answerer: Answerer) -> None:
    assert competing_entries(answerer) == []
    price = next(entry for entry in answerer.entries if entry.id == "price")
    copied = replace(
        price,
        id="price_copy",
        questions={"de": ("was kostet das",), "en": ("how much is it",)},
    )
    rival = Answerer((*answerer.entries, copied), answerer.library, (), answerer.settings)
    assert ("price", "price_copy", "was kostet das") in competing_entries(rival)


def test_unanswered_questions_alike_are_one_group_with_a_count(answerer: Answerer) -> None:
    asked = [
        ("en", "Does it run on Android tablets?"),
        ("en", "does it run on android tablets"),
        ("en", "Do you sell printers?"),
        ("de", "Läuft das auf Android-Tablets?"),
    ]
    groups = group_unanswered(answerer, asked)
    assert (groups[0].locale, groups[0].count) == ("en", 2)
    assert sorted(g.count for g in groups) == [1, 1, 2]
    assert all(g.closest is not None for g in groups)


def test_a_request_for_a_document_offers_one_item(answerer: Answerer) -> None:
    answer = answerer.answer("Haben Sie eine Checkliste für unser Sammelpostfach?", "de")
    assert answer.request and answer.library == ("service-desk-checklist",)
    priced = answerer.answer("Could you send me your price list?", "en")
    assert (priced.faq, priced.library) == (("price",), ("pricing-and-trial",))


def test_a_question_beside_an_answered_one_is_named_as_unknown(answerer: Answerer) -> None:
    answer = answerer.answer("is it GDPR compliant and can we host it on-premise?", "en")
    assert answer.faq == ("data_protection",)
    assert answer.unanswered == ("can we host it on-premise?",) and answer.human


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Der Preis spielt für uns keine Rolle.", "de"),
        ("Super, monatlich kündbar passt uns.", "de"),
        ("GDPR is handled by our legal team, not my concern.", "en"),
    ],
)
def test_a_message_that_only_mentions_a_topic_gets_no_answer(
    answerer: Answerer, text: str, lang: str
) -> None:
    answer = answerer.answer(text, lang)
    assert (answer.asks, answer.faq) == (False, ())


def test_a_statement_around_a_question_still_gets_the_answer(answerer: Answerer) -> None:
    text = "Der Preis spielt keine Rolle. Gibt es eine Mindestlaufzeit?"
    assert faq(answerer, text, "de") == {"contract"}


def _leading(off_topic: float) -> Candidate:
    return Candidate(Kind.FAQ, "contract", 0.45, 0.4, 0.5, "c", "n", 0.45, off_topic)


def test_the_entry_a_part_is_about_answers_below_the_bar_unless_the_part_is_off_topic() -> None:
    settings = Settings(thresholds={"en": 0.6}, lead_thresholds={"en": 0.4})
    faq_ids = [
        decide([_leading(off_topic)], "en", settings, request=False, documents={})[0]
        for off_topic in (0.05, 0.5)
    ]
    assert faq_ids == [("contract",), ()]


def test_the_classifier_knows_weather_is_off_topic_and_price_is_not(answerer: Answerer) -> None:
    weather, price = answerer.classifiers["de"].off_topic(
        ["wie wird das wetter morgen in hamburg?", "was kostet das pro nutzer?"]
    )
    assert weather > 0.5 > price
