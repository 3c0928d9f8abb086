"""The second look at a stated amount or date in a long message: the words around the
reading, not the whole message, decide whether it stands."""

from __future__ import annotations

from datetime import date

import numpy as np

from bot.qualify.nlu.classify.clause import passage_around, second_look
from bot.qualify.nlu.classify.heads import NULL
from bot.qualify.nlu.classify.model import Classifier, HeadLayout, Prediction
from bot.qualify.nlu.facts import Extraction, Fact

TODAY = date(2026, 12, 1)
ELECTRICIANS = (
    "We're an electrician firm, 22 people, I own it and decide. Job requests come in by "
    "email and phone and we need tickets and scheduling for 12 electricians within the next "
    "month, about 250 a month is fine. Can someone call me instead? I'm in the van all day."
)
# A budget head that reads "about" as a stated amount, and "van", "call" and "signs" as
# talk about something else.
MODEL = Classifier(
    ["w:about", "w:van", "w:call", "w:signs"],
    np.array([[0.0, 6.0], [3.0, 0.0], [3.0, 0.0], [9.0, 0.0]], dtype=np.float32),
    np.zeros(2, dtype=np.float32),
    [HeadLayout("budget", (NULL, "known"), 0)],
)
VETO = {"budget": Prediction(NULL, 0.9)}


def _budget_at(text: str, quote: str) -> Extraction:
    start = text.index(quote)
    value = {"status": "known", "min": 250.0, "max": 250.0}
    return Extraction({"budget": Fact("budget", value, 0.7, start, start + len(quote), quote)})


def test_the_passage_stays_inside_the_clause_of_the_reading() -> None:
    start = ELECTRICIANS.index("250")
    assert passage_around(ELECTRICIANS, start, start + 3) == "about 250 a month is fine."
    month = ELECTRICIANS.index("next month")
    passage = passage_around(ELECTRICIANS, month, month + 10, reach=3)
    assert passage == "electricians within the next month,"


def test_a_stated_amount_the_long_message_voted_down_stands_on_its_own_clause() -> None:
    looks = second_look(
        MODEL, ELECTRICIANS, _budget_at(ELECTRICIANS, "250"), VETO, None, {}, 0.5
    )
    assert looks["budget"].label == "known"


def test_a_limit_in_its_own_clause_stays_dropped() -> None:
    text = ELECTRICIANS.replace("about 250 a month is fine", "the CFO signs about 250 alone")
    looks = second_look(MODEL, text, _budget_at(text, "250"), VETO, None, {}, 0.5)
    assert looks == {}


def test_a_short_message_gets_no_second_look() -> None:
    text = "about 250, call me from the van"
    assert second_look(MODEL, text, _budget_at(text, "250"), VETO, None, {}, 0.5) == {}


def test_the_electrician_keeps_his_budget() -> None:
    from bot.content.catalog import load_content
    from tests.support import TEST_CONTENT_DIR

    extractor = load_content(TEST_CONTENT_DIR).extractor
    found = extractor.extract(ELECTRICIANS, "en", today=TODAY, expect="customer")
    assert found.value("budget")["min"] == 250.0
