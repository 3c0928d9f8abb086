"""Answer extraction for the bot: one object per content version, one call per message."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from spacy.language import Language

from bot.qualify.nlu.dialog_cues import DialogCues, add_dialog_cues
from bot.qualify.nlu.facts import Extraction
from bot.qualify.nlu.language import language_of
from bot.qualify.nlu.lexicon import LANGUAGES, LexiconSource
from bot.qualify.nlu.pipeline import build_pipeline, run
from bot.qualify.nlu.user_data import EXTRACTION, RULES

# Long texts are read in their first part only; nothing a prospect says about a budget
# needs more, and it bounds the work one message can cause.
MAX_CHARS = 4096
# spaCy keeps every new word it tokenises in the pipeline's vocabulary, for good: a bot
# that reads strangers' messages for months would grow without bound. A pipeline that has
# taken in this many new strings is built afresh (about a second, once in a long while).
VOCABULARY_GROWTH = 50_000


class Extractor:
    """The pipelines of one version of content/nlu/, built per language on first use."""

    def __init__(
        self,
        sources: Mapping[str, LexiconSource],
        function_words: Mapping[str, frozenset[str]],
        dialog_cues: DialogCues | None = None,
        classifiers: Mapping[str, Path] | None = None,
        vocabulary_growth: int = VOCABULARY_GROWTH,
    ) -> None:
        self._sources = sources
        self._growth = vocabulary_growth
        self._limits: dict[tuple[str, str | None], int] = {}
        self._classifiers = classifiers or {}
        self._function_words = function_words
        self._dialog_cues = dialog_cues or {}
        self._pipelines: dict[tuple[str, str | None], Language] = {}

    def with_vocabulary_growth(self, growth: int) -> Extractor:
        """The same extraction, renewing its pipelines after `growth` new strings."""
        return Extractor(
            self._sources, self._function_words, self._dialog_cues, self._classifiers, growth
        )

    def pipeline(self, lang: str, model: str | None = None) -> Language:
        """The spaCy pipeline of a language (English for any other), built once."""
        lang = lang if lang in LANGUAGES else "en"
        key = (lang, model)
        nlp = self._pipelines.get(key)
        if nlp is None or len(nlp.vocab.strings) > self._limits[key]:
            classifier = self._classifiers.get(lang)
            nlp = self._pipelines[key] = build_pipeline(self._sources[lang], model, classifier)
            self._limits[key] = len(nlp.vocab.strings) + self._growth
        return nlp

    def extract(
        self,
        text: str,
        lang: str,
        *,
        today: date,
        expect: str | None = None,
        model: str | None = None,
        raw: bool = False,
    ) -> Extraction:
        """Every qualification fact in `text`, relative dates computed against `today`;
        `raw`: what the rules read, before the classifiers decided (for training them)."""
        if not text or not text.strip():
            return Extraction()
        doc = run(self.pipeline(lang, model), text[:MAX_CHARS], today=today, expect=expect)
        extraction: Extraction = doc.user_data[EXTRACTION]
        if raw:
            extraction = doc.user_data.get(RULES, extraction)
        # Interim: the dialog cues until the trained components deliver the same keys.
        return add_dialog_cues(extraction, text, lang, self._dialog_cues, expect)

    def language_of(self, text: str, default: str) -> str:
        """The language a message is written in; `default` when it is unclear."""
        return language_of(text, default, self._function_words)
