"""A small classifier over character n-grams and word stems, trained on labelled questions.

Retrieval finds what looks like an example; the classifier learns from prospects' real
messages what does not count (an API rate limit is not "integrations", on-premise is not
"data_protection"). It knows only the ids it has seen labelled: an editor's new entry is
found by retrieval alone until labelled questions for it exist.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.qualify.answering.data import Kind
from bot.qualify.answering.retrieval import Key
from bot.qualify.answering.text import fold, stems


@dataclass(frozen=True)
class Example:
    """A training text and every key that answers it (none for an unanswerable question)."""

    text: str
    keys: frozenset[Key]


def _stems_and_pairs(lang: str) -> object:
    def analyze(text: str) -> list[str]:
        tokens = stems(text, lang)
        return tokens + [f"{first}_{second}" for first, second in itertools.pairwise(tokens)]

    return analyze


class TopicClassifier:
    """One logistic regression per key, over the same features, for one language."""

    def __init__(
        self,
        examples: Sequence[Example],
        lang: str,
        strength: float = 10.0,
        balanced: bool = True,
    ) -> None:
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), preprocessor=fold, sublinear_tf=True
        )
        self.words = TfidfVectorizer(analyzer=_stems_and_pairs(lang), sublinear_tf=True)
        texts = [example.text for example in examples]
        features = hstack([self.chars.fit_transform(texts), self.words.fit_transform(texts)])
        features = csr_matrix(features)
        seen = sorted({key for example in examples for key in example.keys})
        self.models: dict[Key, LogisticRegression] = {}
        for key in seen:
            labels = np.array([key in example.keys for example in examples])
            if not labels.all():
                self.models[key] = _fit(features, labels, strength, balanced)
        # Off topic: no FAQ entry answers it. Learned from the unanswerable questions, it
        # tells "the best entry is weak" apart from "nothing here is asked about".
        outside = np.array([all(key[0] is not Kind.FAQ for key in e.keys) for e in examples])
        self.outside = (
            _fit(features, outside, strength, balanced)
            if outside.any() and not outside.all()
            else None
        )

    @property
    def keys(self) -> frozenset[Key]:
        """The keys the classifier was trained for."""
        return frozenset(self.models)

    def off_topic(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """For each text, the probability that no FAQ entry answers it (0 when untrained)."""
        return self.scores(texts)[1]

    def probabilities(self, texts: Sequence[str]) -> dict[Key, NDArray[np.float64]]:
        """For each key, the probability that it answers each text."""
        return self.scores(texts)[0]

    def scores(
        self, texts: Sequence[str]
    ) -> tuple[dict[Key, NDArray[np.float64]], NDArray[np.float64]]:
        """Each key's probabilities and the off-topic one, from features computed once."""
        if not texts:
            return {key: np.zeros(0) for key in self.models}, np.zeros(0)
        features = csr_matrix(
            hstack([self.chars.transform(list(texts)), self.words.transform(list(texts))])
        )
        probabilities = {
            key: np.asarray(model.predict_proba(features)[:, 1], dtype=np.float64)
            for key, model in self.models.items()
        }
        outside = (
            np.zeros(len(texts))
            if self.outside is None
            else np.asarray(self.outside.predict_proba(features)[:, 1], dtype=np.float64)
        )
        return probabilities, outside


def _fit(
    features: csr_matrix, labels: NDArray[np.bool_], strength: float, balanced: bool
) -> LogisticRegression:
    # liblinear in the dual form (more n-grams than examples): builds in a fraction
    # of a second where lbfgs took seconds, for the same objective.
    # Balanced: a key with few labelled questions (a document) is not drowned by the rest.
    model = LogisticRegression(
        C=strength,
        class_weight="balanced" if balanced else None,
        solver="liblinear",
        dual=True,
        max_iter=1000,
    )
    return model.fit(features, labels)
