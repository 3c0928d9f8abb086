"""Answer extraction for the rest of the bot: one call per message."""

from __future__ import annotations

from datetime import date

from bot.qualify.nlu.facts import Extraction
from bot.qualify.nlu.pipeline import EXTRACTION, run

MAX_CHARS = 4096


def extract(
    text: str, lang: str, *, today: date, expect: str | None = None, model: str | None = None
) -> Extraction:
    """Every qualification fact in `text`, relative dates computed against `today`."""
    if not text or not text.strip():
        return Extraction()
    # Long texts are read in their first part only; nothing a prospect says about a
    # budget needs more, and it bounds the work one message can cause.
    doc = run(
        text[:MAX_CHARS],
        lang if lang in ("de", "en") else "en",
        today=today,
        expect=expect,
        model=model,
    )
    extraction: Extraction = doc.user_data[EXTRACTION]
    return extraction


def detect_intent(text: str, locale: str) -> str | None:
    """ "stop", "human", "not_interested", "question" or None."""
    return extract(text, locale, today=date.today()).value("intent")
