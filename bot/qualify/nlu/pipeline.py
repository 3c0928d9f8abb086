"""The spaCy pipelines: a blank language with our rule components, or a trained one if named.

Components, in order:
- `leadbot_numbers`: number words to digits ("dreiundzwanzigtausend" → 23000), kept in
  `doc.user_data[NORMALIZED]` with a map back to the original offsets;
- `leadbot_facts`: the field readers (budget, company size, timeframe, authority, role,
  intent) over the normalized text, stored in `doc.user_data[EXTRACTION]`.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.qualify.nlu.lexicon import lexicon_for
from bot.qualify.nlu.number_words import normalize

if TYPE_CHECKING:
    from bot.qualify.nlu.readers import FactReaders

log = logging.getLogger(__name__)

# Per-message data travels in doc.user_data (keys below): cheaper than doc._ extensions,
# which build a helper object on every access.
NORMALIZED, EXTRACTION, TODAY, EXPECT = (
    "leadbot.normalized",
    "leadbot.extraction",
    "leadbot.today",
    "leadbot.expect",
)


@Language.factory("leadbot_numbers")
def _numbers_factory(nlp: Language, name: str) -> NumberWords:
    return NumberWords(nlp.lang or "en")


class NumberWords:
    """Pipeline component: writes `doc._.normalized`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.table = lexicon_for(lang).numbers

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[NORMALIZED] = normalize(doc, self.lang, self.table)
        return doc


@Language.factory("leadbot_facts")
def _facts_factory(nlp: Language, name: str) -> FactReaders:
    from bot.qualify.nlu.readers import FactReaders

    return FactReaders(lexicon_for(nlp.lang or "en"))


@cache
def pipeline(lang: str, model: str | None = None) -> Language:
    """The pipeline for a language: a named trained one if installed, else blank + rules."""
    nlp: Language | None = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError:
            log.warning("spaCy pipeline %r is not installed; using the rule pipeline", model)
            nlp = None
    if nlp is None:
        nlp = spacy.blank(lang)
    nlp.add_pipe("leadbot_numbers")
    nlp.add_pipe("leadbot_facts")
    return nlp


def run(text: str, lang: str, *, today: date, expect: str | None, model: str | None = None) -> Doc:
    """Process one message."""
    nlp = pipeline(lang, model)
    doc = nlp.make_doc(text)
    doc.user_data[TODAY] = today
    doc.user_data[EXPECT] = expect
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
