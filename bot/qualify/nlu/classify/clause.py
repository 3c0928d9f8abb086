"""A second look at a stated amount or date in a long message: the classifier reads the
few words around the rules' reading, not the whole message, whose n-grams are mostly about
other things (the team, the channels, a call back) and vote the reading down."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.qualify.nlu.classify.features import words
from bot.qualify.nlu.classify.model import Classifier, Prediction
from bot.qualify.nlu.facts import Extraction

# Where a clause ends: a stop before a space ("15.000 €" and "3.5k" stay whole), a line
# break, a comma before a space, a dash between spaces.
_CLAUSE_END = re.compile(r"[.;:!?](?=\s|$)|\n|,\s|\s[-–]\s")
_WORD = re.compile(r"\S+")
# Below this many words the whole message is the context: nothing to look closer at.
LONG = 25
# How many words on either side of the reading the second look sees (within its clause).
REACH = 5
# How sure the second look must be: the few words around a limit ("a budget frame of
# 20.000 €"), a past event or a team's growth look like a stated amount or date once the
# rest of the message is gone. On five folds of the train split, 0.95 kept 17 more facts
# and added 4 false fills (of 43,936); 0.5 kept 22 more and added 13.
SURE = 0.95
# The label that vouches for the rules' reading, per field.
VOUCHING = {"budget": "known", "timeframe": "dated"}


def passage_around(text: str, start: int, end: int, reach: int = REACH) -> str:
    """The words of `text` around the characters `start`–`end`, at most `reach` on either
    side and never beyond the clause that holds them."""
    begin = 0
    for stop in _CLAUSE_END.finditer(text, 0, start):
        begin = stop.end()
    following = _CLAUSE_END.search(text, max(end, begin))
    clause_end = following.end() if following else len(text)
    spans = [w.span() for w in _WORD.finditer(text, begin, clause_end)]
    inside = [i for i, (a, b) in enumerate(spans) if b > start and a < end]
    if not inside:
        return ""
    first, last = max(inside[0] - reach, 0), min(inside[-1] + reach, len(spans) - 1)
    return text[spans[first][0] : spans[last][1]]


def second_look(
    classifier: Classifier,
    text: str,
    rules: Extraction,
    predictions: Mapping[str, Prediction],
    expect: str | None,
    hints: Mapping[str, str],
    threshold: float,
) -> dict[str, Prediction]:
    """The answers, from the words around a stated amount or date, that vouch for a reading
    the whole long message voted down (`threshold`: the head's own)."""
    doubted = [
        field
        for field, vouching in VOUCHING.items()
        if field in rules.facts
        and field in predictions
        and not _vouches(predictions[field], vouching, threshold)
    ]
    if not doubted or len(words(text)) < LONG:
        return {}  # the common case, decided without counting a message's words
    found: dict[str, Prediction] = {}
    for field in doubted:
        rule = rules.facts[field]
        passage = passage_around(text, rule.start, rule.end)
        if not passage:
            continue
        # Only the field's own hint: the other readings lie elsewhere in the message.
        own = {field: hints[field]} if field in hints else {}
        look = classifier.predict_text(passage, expect, own, (field,))[field]
        if _vouches(look, VOUCHING[field], SURE):
            found[field] = look
    return found


def _vouches(prediction: Prediction, label: str, threshold: float) -> bool:
    return prediction.label == label and prediction.confidence >= threshold
