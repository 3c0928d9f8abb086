"""The trained classifiers: saved and loaded unchanged, trained from labelled lines, and
deciding which rule readings stand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from bot.qualify.nlu.classify.decide import Thresholds, decide
from bot.qualify.nlu.classify.features import char_ngrams, features, rule_hints
from bot.qualify.nlu.classify.heads import HEADS, NULL
from bot.qualify.nlu.classify.model import Classifier, HeadLayout, Prediction
from bot.qualify.nlu.classify.train import fit
from bot.qualify.nlu.facts import Extraction, Fact
from tests.nlu_support import extract

TODAY = date(2026, 12, 1)
EMPTY = {"budget": None, "authority": None, "timeframe": None}


def _line(text: str, **gold: Any) -> dict[str, Any]:
    return {
        "id": text,
        "lang": "en",
        "today": TODAY.isoformat(),
        "expect": None,
        "text": text,
        "gold": {**EMPTY, "company_size": None, "role": None, "intent": None, **gold},
        "extra": {},
    }


def test_char_ngrams_are_those_of_a_padded_word() -> None:
    assert set(char_ngrams("ab")) == {" a", "ab", "b ", " ab", "ab ", " ab "}


def test_features_carry_the_question_asked_and_what_the_rules_found() -> None:
    found = features("Ja, schon lange", "customer", {"authority": "shared"})
    assert {"e:customer", "o:customer:ja", "w:schon", "r:authority=shared"} <= found


def test_a_saved_model_predicts_the_same_after_loading(tmp_path: Path) -> None:
    heads = [HeadLayout("intent", (NULL, "human"), 0)]
    model = Classifier(
        ["w:person", "w:hello"],
        np.array([[0.0, 4.0], [1.0, 0.0]], dtype=np.float32),
        np.zeros(2, dtype=np.float32),
        heads,
    )
    model.save(tmp_path / "m.npz")
    loaded = Classifier.load(tmp_path / "m.npz")
    assert loaded.predict({"w:person"})["intent"].label == "human"
    assert loaded.predict({"w:hello"})["intent"].label == NULL
    assert loaded.predict(set())["intent"].label in (NULL, "human")


def test_training_learns_a_cue_from_labelled_lines() -> None:
    lines = [_line(f"please let a person call me {n}", intent="human") for n in range(6)] + [
        _line(f"we are {n} people in the office", company_size={"min": n, "max": n})
        for n in range(10, 16)
    ]
    model = fit([features(line["text"], None, {}) for line in lines], lines, strength=10.0)
    assert model.predict(features("a person should call me", None, {}))["intent"].label == "human"
    assert len(model.heads) == len(HEADS)


def test_a_reading_the_classifier_does_not_vouch_for_is_dropped() -> None:
    rules = Extraction(
        {"budget": Fact("budget", {"status": "known", "min": 25000.0}, 0.9, 0, 3, "25k")}
    )
    none = {"budget": Prediction(NULL, 0.9)}
    known = {"budget": Prediction("known", 0.9)}
    text = "anything above 25k the CFO signs"
    assert decide(rules, none, text, Thresholds()).value("budget") is None
    assert decide(rules, known, text, Thresholds()).value("budget")["min"] == 25000.0


def test_a_categorical_answer_needs_no_rule_reading() -> None:
    decided = decide(
        Extraction(), {"role": Prediction("operations", 0.8)}, "I run support", Thresholds()
    )
    assert decided.value("role") == "operations"
    unsure = decide(Extraction(), {"role": Prediction("it", 0.3)}, "hm", Thresholds(0.5))
    assert unsure.value("role") is None


def test_rule_hints_name_the_kind_of_reading() -> None:
    hints = rule_hints(
        extract("not before next year, we are 40 people", "en", today=TODAY).as_contract()
    )
    assert hints.get("company_size") == "stated"


def test_the_vocabulary_of_a_long_running_pipeline_stays_bounded() -> None:
    from bot.content.catalog import load_content
    from tests.support import TEST_CONTENT_DIR

    small = load_content(TEST_CONTENT_DIR).extractor.with_vocabulary_growth(200)
    start = len(small.pipeline("en").vocab.strings)
    for number in range(300):
        words = " ".join(f"zq{number}x{k}" for k in range(5))
        small.extract(f"we are {number} people {words}", "en", today=TODAY)
    assert len(small.pipeline("en").vocab.strings) <= start + 200 + 50
