"""Answering common questions from content/faq.yaml, matched on shared words (spaCy tokens)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language

from bot.content.schemas import Faq
from bot.qualify.signals import words_for


@dataclass(frozen=True)
class FaqAnswer:
    """The best-matching entry and how well it matched."""

    key: str
    answer: str
    similarity: float


def _stem(word: str) -> str:
    # A crude stem: "integrate" and "integration", "kostet" and "kosten" share their start.
    return word[:5] if len(word) > 5 else word


@cache
def _tokenizer(lang: str) -> Language:
    # Only spaCy's tokenizer and stop words of the language, no content: safe to keep.
    return spacy.blank(lang if lang in ("de", "en") else "en")


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return frozenset(_tokenizer(lang).Defaults.stop_words)


def content_words(text: str, lang: str) -> frozenset[str]:
    """The stems of a text's words that carry meaning, by spaCy's tokenizer and stop words."""
    stop = _stop_words(lang)
    doc = _tokenizer(lang).make_doc(text.lower())
    return frozenset(
        _stem(token.text)
        for token in doc
        if token.is_alpha and token.text not in stop and len(token.text) > 1
    )


def answer(faq: Faq, question: str, lang: str) -> FaqAnswer | None:
    """The FAQ answer whose example questions share most words with `question`, if close."""
    asked = content_words(question, lang)
    if not asked:
        return None
    best: FaqAnswer | None = None
    for key, entry in faq.faq.items():
        for example in words_for(entry.questions, lang):
            wanted = content_words(example, lang)
            if not wanted:
                continue
            shared = len(asked & wanted)
            # How much of the example the question covers, tempered by the question's length.
            similarity = shared / len(wanted) * min(1.0, 2 * shared / len(asked))
            if best is None or similarity > best.similarity:
                best = FaqAnswer(key, _in_language(entry.answer, lang), similarity)
    return best if best is not None and best.similarity >= faq.min_similarity else None


def _in_language(answers: Mapping[Any, str], lang: str) -> str:
    # Keyed by the schema's locale type; `lang` is a plain string (see signals.words_for).
    return answers.get(lang, "")
