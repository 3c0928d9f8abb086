"""Search over FAQ questions and answers and library titles and bodies, per language.

Two rankers, measured in bench/faq_eval.py: TF-IDF over character n-grams within words
(survives typos, inflection and compounds: "Lizenzkosten" shares "kosten") and BM25 over
word stems with compounds opened up. A key's score is its best document's, answers and
bodies weighted down because they say more than was asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.qualify.answering.data import FaqEntry, Kind, LibraryDoc
from bot.qualify.answering.text import fold, open_compounds, stems

Key = tuple[Kind, str]


@dataclass(frozen=True)
class Doc:
    """One searchable text: an example question, an answer, a title or a body."""

    key: Key
    text: str
    primary: bool  # a question or a title, as opposed to an answer or a body


@dataclass(frozen=True)
class Hit:
    """A key's best score for one piece of text, and the document that gave it."""

    score: float
    doc: str


def documents(entries: Sequence[FaqEntry], library: Sequence[LibraryDoc], lang: str) -> list[Doc]:
    """The searchable texts of one language."""
    docs: list[Doc] = []
    for entry in entries:
        key = (Kind.FAQ, entry.id)
        docs.extend(Doc(key, question, True) for question in entry.questions.get(lang, ()))
        if entry.answer.get(lang):
            docs.append(Doc(key, entry.answer[lang], False))
    for item in library:
        if item.locale == lang:
            docs.append(Doc((Kind.LIBRARY, item.id), item.title, True))
            docs.append(Doc((Kind.LIBRARY, item.id), item.body, False))
    return docs


class CharIndex:
    """Cosine similarity of character n-gram TF-IDF vectors."""

    def __init__(self, docs: Sequence[Doc], ngrams: tuple[int, int] = (2, 5)) -> None:
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=ngrams, preprocessor=fold, sublinear_tf=True
        )
        self.matrix = self.vectorizer.fit_transform([doc.text for doc in docs])

    def similarities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One row per text, one column per document."""
        queries = self.vectorizer.transform(list(texts))
        return np.asarray((queries @ self.matrix.T).toarray(), dtype=np.float64)


class WordIndex:
    """BM25 over word stems, scaled to about 0..1 by the sum of the query words' weights.

    A word no document has counts as the rarest word, so "what's the weather like" is far
    from every entry even though "what" alone is in many.
    """

    def __init__(self, docs: Sequence[Doc], lang: str) -> None:
        self.lang = lang
        tokenized = [stems(doc.text, lang) for doc in docs]
        self.vocabulary = frozenset(token for tokens in tokenized for token in tokens)
        self.bm25 = BM25Okapi([open_compounds(tokens, self.vocabulary) for tokens in tokenized])
        self.unknown = max(self.bm25.idf.values(), default=1.0)

    def similarities(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """One row per text, one column per document."""
        rows = [self._row(text) for text in texts]
        if not rows:
            return np.zeros((0, self.bm25.corpus_size))
        stacked: NDArray[np.float64] = np.vstack(rows)
        return stacked

    def _row(self, text: str) -> NDArray[np.float64]:
        query = open_compounds(stems(text, self.lang), self.vocabulary)
        ceiling = sum(self.bm25.idf.get(token, self.unknown) for token in query)
        if ceiling <= 0:
            return np.zeros(self.bm25.corpus_size)
        scores: NDArray[np.float64] = np.asarray(self.bm25.get_scores(query), dtype=np.float64)
        clipped: NDArray[np.float64] = np.minimum(scores / ceiling, 1.0)
        return clipped


@dataclass(frozen=True)
class RetrievalWeights:
    """How the two rankers and the document fields are mixed."""

    char: float = 1.0  # the rest is BM25; in the blend, char alone measured best (bench --compare)
    secondary: float = 0.8  # answers and bodies count this much of a question or a title


class Retriever:
    """Both indexes over one language's documents, combined into one score per key."""

    def __init__(
        self, docs: Sequence[Doc], lang: str, weights: RetrievalWeights = RetrievalWeights()
    ) -> None:
        self.docs = list(docs)
        self.weights = weights
        self.char = CharIndex(self.docs)
        self.word = WordIndex(self.docs, lang)
        self.keys = sorted({doc.key for doc in self.docs})
        self.field = np.array([1.0 if doc.primary else weights.secondary for doc in self.docs])

    def search(self, texts: Sequence[str]) -> list[dict[Key, Hit]]:
        """For each text, every key's best hit."""
        if not texts or not self.docs:
            return [{} for _ in texts]
        mix = self.weights.char
        scores = mix * self.char.similarities(texts)
        if mix < 1:
            scores += (1 - mix) * self.word.similarities(texts)
        scores *= self.field
        return [self._best_per_key(row) for row in scores]

    def _best_per_key(self, row: NDArray[np.float64]) -> dict[Key, Hit]:
        best: dict[Key, Hit] = {}
        for doc, score in zip(self.docs, row, strict=True):
            current = best.get(doc.key)
            if current is None or score > current.score:
                best[doc.key] = Hit(float(score), doc.text)
        return best
