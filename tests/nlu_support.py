"""The extraction over the frozen test content, loaded once for the NLU tests."""

from __future__ import annotations

from datetime import date

from bot.content.catalog import load_content
from bot.qualify.nlu.facts import Extraction
from tests.support import TEST_CONTENT_DIR

EXTRACTOR = load_content(TEST_CONTENT_DIR).extractor


def extract(text: str, lang: str, *, today: date, expect: str | None = None) -> Extraction:
    """What the rule readers find in `text` (the trained classifiers are tested apart)."""
    return EXTRACTOR.extract(text, lang, today=today, expect=expect, raw=True)
