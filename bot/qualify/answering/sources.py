"""Feeding the answerer: loaded content and labelled questions turned into its plain data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from bot.qualify.answering.answerer import Answerer
from bot.qualify.answering.data import FaqEntry, LabelledQuestion, LibraryDoc
from bot.qualify.answering.decide import Settings


class _Entry(Protocol):
    @property
    def questions(self) -> Mapping[str, list[str]]: ...
    @property
    def answer(self) -> Mapping[str, str]: ...
    @property
    def document(self) -> str | None: ...


class _Item(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def personas(self) -> tuple[str, ...]: ...
    @property
    def stage(self) -> str: ...


def faq_entries(faq: Mapping[str, _Entry]) -> list[FaqEntry]:
    """content/faq.yaml's entries (`Faq.faq`) as answerer input."""
    return [
        FaqEntry(
            id_,
            {lang: tuple(questions) for lang, questions in entry.questions.items()},
            dict(entry.answer),
            entry.document,
        )
        for id_, entry in faq.items()
    ]


def library_docs(items: Iterable[_Item]) -> list[LibraryDoc]:
    """The content library's items as answerer input."""
    return [
        LibraryDoc(item.id, item.locale, item.title, item.body, tuple(item.personas), item.stage)
        for item in items
    ]


def labelled_question(item: Mapping[str, Any]) -> LabelledQuestion:
    """One gold line of the contract as a labelled question."""
    return LabelledQuestion(
        str(item["lang"]),
        str(item["text"]),
        tuple(item["faq"]),
        tuple(item.get("library") or ()),
    )


def load_answerer(
    content_dir: Path | None = None,
    labelled: Iterable[LabelledQuestion] | None = None,
    settings: Settings | None = None,
) -> Answerer:
    """The answerer over a content folder (content/ by default), as the bot builds it;
    other labelled questions or settings replace the content's own (bench, tests)."""
    from bot.content.catalog import load_content
    from bot.settings import DEFAULT_CONTENT_DIR

    content = load_content(content_dir or DEFAULT_CONTENT_DIR)
    if labelled is None and settings is None:
        return content.answerer
    return Answerer(
        faq_entries(content.faq.faq),  # type: ignore[arg-type]
        library_docs(content.library),
        content.faq_examples if labelled is None else list(labelled),
        settings or content.answerer_settings,
    )
