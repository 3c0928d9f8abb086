"""Plain data in and out of the answerer, so the content system can feed it without coupling."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a candidate is: an FAQ entry or a library item."""

    FAQ = "faq"
    LIBRARY = "library"


@dataclass(frozen=True)
class FaqEntry:
    """One FAQ entry: example questions and the answer, each per locale."""

    id: str
    questions: Mapping[str, tuple[str, ...]]
    answer: Mapping[str, str]
    document: str | None = None  # the library item to send when asked for a document on it


@dataclass(frozen=True)
class LibraryDoc:
    """One library item in one locale, as the content library holds it."""

    id: str
    locale: str
    title: str
    body: str
    personas: tuple[str, ...] = ()
    stage: str = ""


@dataclass(frozen=True)
class LabelledQuestion:
    """A prospect's message with the FAQ and library ids that answer it (the contract's gold)."""

    lang: str
    text: str
    faq: tuple[str, ...]
    library: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One FAQ entry or library item considered for a message, with the evidence for it."""

    kind: Kind
    id: str
    score: float
    classifier: float | None  # None for an entry the classifier has never seen labelled
    retrieval: float
    clause: str  # the part of the message it was found in
    nearest: str  # the closest example question, title or body
    leads: float = 0.0  # its best score in a part of the message it is the top entry for
    off_topic: float = 0.0  # how likely that part asks nothing the FAQ answers


@dataclass(frozen=True)
class Answer:
    """What the bot would reply: FAQ ids best first, library ids, whether to offer a person."""

    faq: tuple[str, ...]
    library: tuple[str, ...]
    human: bool
    candidates: tuple[Candidate, ...] = field(default=())  # every key considered, best first
    unanswered: tuple[str, ...] = ()  # questions in the message that nothing answers
    request: bool = False  # whether the message asks for a document
    asks: bool = True  # whether it asks anything at all, rather than only stating facts
