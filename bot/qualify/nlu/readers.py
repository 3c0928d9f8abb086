"""The `leadbot_facts` component: every field reader over one normalized message."""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from bot.qualify.nlu.amounts import AmountFinder
from bot.qualify.nlu.budget import BudgetReader, quantities, unknown_budget
from bot.qualify.nlu.context import AmountContext
from bot.qualify.nlu.cues import read_authority, read_intent, read_role
from bot.qualify.nlu.facts import Extraction, Fact
from bot.qualify.nlu.headcount import HeadcountReader
from bot.qualify.nlu.lexicon import Lexicon
from bot.qualify.nlu.number_words import Normalized
from bot.qualify.nlu.text_spans import (
    clause_around,
    lower_keeping_offsets,
    sentence_bounds,
    sentence_of,
)
from bot.qualify.nlu.timeframe import TimeframeReader
from bot.qualify.nlu.user_data import EXPECT, EXTRACTION, NORMALIZED, TODAY

_QUOTE_CLAUSE = {"authority", "role", "intent"}
_WHO_DECIDES = re.compile(
    r"\b(wer|who|whom)\b.*\b(entscheid|freig|unterschreib|decid|approv|sign)"
)


class _Recorder:
    """Records a fact with the words it came from, quoted from the original text."""

    def __init__(self, normalized: Normalized, text: str, result: Extraction) -> None:
        self.normalized, self.text, self.result = normalized, text, result

    def __call__(self, kind: str, value: object, start: int, end: int, confidence: float) -> None:
        if kind in _QUOTE_CLAUSE or (
            isinstance(value, dict) and "status" in value and value["status"] != "known"
        ):
            # A cue phrase alone reads badly when quoted back; its clause does not.
            start, end = clause_around(self.text, start, end)
        first, last = self.normalized.to_original(start, end)
        quote = self.normalized.original[first:last].strip()
        self.result.facts[kind] = Fact(kind, value, confidence, first, last, quote)


class FactReaders:
    """Runs the readers in a fixed order and records each fact with its quote."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.amounts = AmountFinder(lexicon)
        context = AmountContext(lexicon)
        self.budget = BudgetReader(lexicon, context)
        self.headcount = HeadcountReader(lexicon, context)
        self.timeframe = TimeframeReader(lexicon)

    def __call__(self, doc: Doc) -> Doc:
        data = doc.user_data
        normalized: Normalized = data[NORMALIZED]
        data[EXTRACTION] = self.extract(
            normalized, data.get(TODAY) or date.today(), data.get(EXPECT)
        )
        return doc

    def extract(self, normalized: Normalized, today: date, expect: str | None) -> Extraction:
        """Every fact in the message."""
        cased = normalized.text
        # Patterns are written in lowercase and matched without IGNORECASE, which costs
        # several times more; sentences are found on the cased text (a capital starts one).
        text = lower_keeping_offsets(cased)
        bounds = sentence_bounds(cased)
        result = Extraction()
        add = _Recorder(normalized, text, result)
        found = quantities(text, self.amounts.find(text))
        for kind, reading in (
            ("budget", self.budget.read(text, found, expect, bounds)),
            ("company_size", self.headcount.read(text, found, expect, bounds)),
            ("authority", read_authority(self.lexicon, text)),
        ):
            if reading:
                add(kind, reading.value, reading.start, reading.end, reading.confidence)
        self._timeframe(text, cased, today, add)
        self._unknowns(text, bounds, expect, result, add)
        if result.value("authority") != "none":
            role = read_role(self.lexicon, text, cased)
            if role:
                add("role", role.value, role.start, role.end, role.confidence)
        intent = read_intent(self.lexicon, text)
        if intent:
            add("intent", intent.value, intent.start, intent.end, intent.confidence)
        return result

    def _timeframe(self, text: str, cased: str, today: date, add: _Recorder) -> None:
        time = self.timeframe.read(text, cased, today)
        if time:
            value = {
                "bucket": time.bucket,
                "date": time.day.isoformat() if time.day else None,
                "days": (time.day - today).days if time.day else None,
            }
            add("timeframe", value, time.start, time.end, time.confidence)
            return
        none = self.lexicon.lists["timeframe_none"].search(text)
        if none:
            add("timeframe", {"bucket": "none"}, *none.span(), 0.85)

    def _unknowns(
        self,
        text: str,
        bounds: list[tuple[int, int]],
        expect: str | None,
        result: Extraction,
        add: _Recorder,
    ) -> None:
        """ "Don't know yet" belongs to the topic it is said about, else to the question asked."""
        lists = self.lexicon.lists
        for name in ("budget_unknown", "timeframe_unknown"):
            for match in lists[name].finditer(text):
                start, end = sentence_of(bounds, match.start())
                sentence = text[start:end]
                if _WHO_DECIDES.search(sentence):
                    topic = "authority"
                elif lists["unknown_topic_budget"].search(sentence):
                    topic = "budget"
                elif lists["unknown_topic_timeframe"].search(sentence):
                    topic = "timeframe"
                else:
                    topic = expect or ""
                if topic in result.facts:
                    continue
                span = match.span()
                if topic == "budget":
                    reading = unknown_budget(*span)
                    add("budget", reading.value, *span, reading.confidence)
                elif topic == "timeframe":
                    add("timeframe", {"bucket": "unknown"}, *span, 0.8)
                elif topic == "authority":
                    add("authority", "unknown", *span, 0.75)
