"""The answerer built from loaded content: faq.yaml, the library and the labelled questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.content.errors import ContentProblem
from bot.content.library import LibraryItem
from bot.content.schemas import Answering, Faq
from bot.qualify.answering import (
    Answerer,
    LabelledQuestion,
    Settings,
    competing_entries,
    faq_entries,
    library_docs,
)

if TYPE_CHECKING:
    from bot.content.catalog import Content


def answering_settings(answering: Answering) -> Settings:
    """faq.yaml's `answering:` block as the answerer's settings."""
    return Settings(
        thresholds={str(lang): value for lang, value in answering.threshold.items()},
        lead_thresholds={str(lang): value for lang, value in answering.lead_threshold.items()},
        retrieval_threshold=answering.retrieval_threshold,
        library_threshold=answering.library_threshold,
        request_threshold=answering.request_threshold,
        unanswered_below=answering.unanswered_below,
        blend=answering.blend,
        document_requests={
            lang: tuple(words) for lang, words in answering.document_requests.items()
        },
    )


def build_answerer(
    faq: Faq, library: Iterable[LibraryItem], examples: Sequence[LabelledQuestion]
) -> Answerer:
    """The answerer the bot runs for this content (trains its classifier: about a second)."""
    return Answerer(
        faq_entries(faq.faq),  # type: ignore[arg-type]
        library_docs(library),
        examples,
        answering_settings(faq.answering),
    )


def competing_warnings(path: Path, content: Content) -> list[ContentProblem]:
    """faq.yaml's example questions that another entry answers too: two entries compete."""
    lines = path.read_text(encoding="utf-8").splitlines()
    warnings = []
    for entry, rival, example in competing_entries(content.answerer):
        start = next((n for n, text in enumerate(lines) if text == f"  {entry}:"), 0)
        rest = enumerate(lines[start:], start + 1)
        line = next((n for n, text in rest if text.strip() == f"- {example}"), start + 1)
        message = f"{entry!r} and {rival!r} compete: both answer {example!r}"
        warnings.append(ContentProblem(path, line, message))
    return warnings
