"""For editors: the questions the bot could not answer, similar ones grouped, most asked first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.qualify.answering.answerer import Answerer
from bot.qualify.answering.data import Candidate

SIMILAR = 0.5  # cosine of character n-grams from which two questions count as one


@dataclass(frozen=True)
class QuestionGroup:
    """Similar unanswered questions in one language, and the entry that came closest."""

    locale: str
    texts: tuple[str, ...]  # in the order given (newest first from the database)
    closest: Candidate | None

    @property
    def count(self) -> int:
        """How often it was asked."""
        return len(self.texts)


def group_unanswered(
    answerer: Answerer, questions: Sequence[tuple[str, str]], similar: float = SIMILAR
) -> list[QuestionGroup]:
    """(locale, text) pairs grouped by similarity within each language, biggest group first."""
    groups: list[QuestionGroup] = []
    for lang in sorted({locale for locale, _ in questions}):
        texts = [text for locale, text in questions if locale == lang]
        groups.extend(_groups_of(answerer, lang, texts, similar))
    return sorted(groups, key=lambda group: -group.count)


def _groups_of(
    answerer: Answerer, lang: str, texts: list[str], similar: float
) -> list[QuestionGroup]:
    retriever = answerer.retrievers.get(lang) or answerer.retrievers[answerer.langs[0]]
    vectors = retriever.char.vectorizer.transform(texts)
    cosine = np.asarray((vectors @ vectors.T).toarray())
    members: list[list[int]] = []
    for index in range(len(texts)):
        home = next((m for m in members if cosine[m[0], index] >= similar), None)
        if home is None:
            members.append([index])
        else:
            home.append(index)
    return [
        QuestionGroup(lang, tuple(texts[i] for i in m), _closest(answerer, texts[m[0]], lang))
        for m in members
    ]


def _closest(answerer: Answerer, text: str, lang: str) -> Candidate | None:
    candidates = answerer.answer(text, lang).candidates
    return candidates[0] if candidates else None
