"""The spaCy pipelines: a blank language (or a named trained one) with our rule components.

Components, in order, each configured with its part of content/nlu/ as plain data:
- `leadbot_numbers` (config `numbers`): number words to digits ("dreiundzwanzigtausend" →
  23000), kept in `doc.user_data[NORMALIZED]` with a map back to the original offsets;
- `leadbot_facts` (config `lexicon`): the field readers (budget, company size, timeframe,
  authority, role, intent) over the normalized text, stored in `doc.user_data[EXTRACTION]`.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bot.qualify.nlu.lexicon import LexiconSource, compile_lexicon
from bot.qualify.nlu.number_readers import number_gate, reader_for
from bot.qualify.nlu.number_words import normalize
from bot.qualify.nlu.readers import FactReaders
from bot.qualify.nlu.user_data import EXPECT, NORMALIZED, TODAY

log = logging.getLogger(__name__)


class NumberWords:
    """Pipeline component: writes the normalized text into `doc.user_data[NORMALIZED]`."""

    def __init__(self, lang: str, table: dict[str, Any]) -> None:
        self.lang = lang
        self.reader = reader_for(lang, table)
        self.gate = number_gate(table)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[NORMALIZED] = normalize(doc, self.lang, self.reader, self.gate)
        return doc


@Language.factory("leadbot_numbers", default_config={"numbers": {}})
def _numbers_factory(nlp: Language, name: str, numbers: dict[str, Any]) -> NumberWords:
    return NumberWords(nlp.lang or "en", numbers)


@Language.factory("leadbot_facts", default_config={"lexicon": {}})
def _facts_factory(nlp: Language, name: str, lexicon: LexiconSource) -> FactReaders:
    return FactReaders(compile_lexicon(lexicon))


def build_pipeline(
    source: LexiconSource, model: str | None = None, classifier: Path | None = None
) -> Language:
    """The pipeline for one language: a named trained one if installed, else blank + rules;
    our trained classifier after the rules when there is one."""
    nlp: Language | None = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError:
            log.warning("spaCy pipeline %r is not installed; using the rule pipeline", model)
    if nlp is None:
        nlp = spacy.blank(source["lang"])
    nlp.add_pipe("leadbot_numbers", config={"numbers": source["numbers"]})
    nlp.add_pipe("leadbot_facts", config={"lexicon": source})
    if classifier is not None:
        # Importing the component module registers its factory with spaCy.
        from bot.qualify.nlu.classify import component  # noqa: F401

        nlp.add_pipe("leadbot_classify", config={"model": str(classifier)})
    return nlp


def run(nlp: Language, text: str, *, today: date, expect: str | None) -> Doc:
    """Process one message with the injected today and the question the bot had asked."""
    doc = nlp.make_doc(text)
    doc.user_data[TODAY] = today
    doc.user_data[EXPECT] = expect
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
