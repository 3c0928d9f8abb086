"""A trained linear classifier with several heads, as it runs in the bot: one lookup of the
message's features, one sum of weight rows, a softmax per head. numpy only."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.qualify.nlu.classify.features import context_features, word_features
from bot.qualify.nlu.classify.heads import NULL

WORD_CACHE = 50_000  # words whose feature rows are kept between messages


@dataclass(frozen=True)
class Prediction:
    """A head's answer and how sure the model is (the softmax probability)."""

    label: str
    confidence: float


@dataclass(frozen=True)
class HeadLayout:
    """Where one head's classes sit among the model's columns."""

    name: str
    labels: tuple[str, ...]
    start: int


class Classifier:
    """Rows of weights per feature string; columns are the classes of every head."""

    def __init__(
        self,
        vocabulary: Sequence[str],
        weights: NDArray[np.float32],
        bias: NDArray[np.float32],
        heads: Sequence[HeadLayout],
    ) -> None:
        self.rows = {feature: row for row, feature in enumerate(vocabulary)}
        self._word_rows: dict[str, tuple[int, ...]] = {}
        self.weights, self.bias, self.heads = weights, bias, tuple(heads)

    def predict(self, found: Collection[str]) -> dict[str, Prediction]:
        """Every head's most likely label for a message's features."""
        return self.predict_rows({row for row in map(self.rows.get, found) if row is not None})

    def predict_text(
        self,
        text: str,
        expect: str | None,
        hints: Mapping[str, str],
        heads: Collection[str] | None = None,
    ) -> dict[str, Prediction]:
        """As `predict(features(text, expect, hints))`, with each word's rows looked up once
        per process instead of once per message."""
        tokens, found = context_features(text, expect, hints)
        rows = {row for row in map(self.rows.get, found) if row is not None}
        for word in set(tokens):
            rows.update(self._rows_of_word(word))
        return self.predict_rows(rows, heads)

    def _rows_of_word(self, word: str) -> tuple[int, ...]:
        cached = self._word_rows.get(word)
        if cached is None:
            if len(self._word_rows) >= WORD_CACHE:
                self._word_rows.clear()  # bounded memory, whatever the prospects write
            found = map(self.rows.get, word_features(word))
            cached = self._word_rows[word] = tuple(row for row in found if row is not None)
        return cached

    def predict_rows(
        self, rows: Collection[int], heads: Collection[str] | None = None
    ) -> dict[str, Prediction]:
        """Each head's (or only the named heads') most likely label, given the model rows of
        a message's features."""
        summed = self.bias
        if rows:
            summed = summed + self.weights[list(rows)].sum(axis=0) / math.sqrt(len(rows))
        scores: list[float] = summed.tolist()
        return {
            head.name: _best(head, scores)
            for head in self.heads
            if heads is None or head.name in heads
        }

    def save(self, path: Path) -> None:
        """Write the model as one compressed numpy file."""
        layout = "\n".join(f"{h.name}\t{h.start}\t{','.join(h.labels)}" for h in self.heads)
        vocabulary = "\n".join(sorted(self.rows, key=self.rows.__getitem__))
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            vocabulary=np.frombuffer(vocabulary.encode("utf-8"), dtype=np.uint8),
            layout=np.frombuffer(layout.encode("utf-8"), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path) -> Classifier:
        """Read a model written by `save`."""
        with np.load(path) as data:
            vocabulary = data["vocabulary"].tobytes().decode("utf-8").split("\n")
            layout = data["layout"].tobytes().decode("utf-8").split("\n")
            weights = data["weights"].astype(np.float32)
            bias = data["bias"].astype(np.float32)
        heads = [
            HeadLayout(name, tuple(labels.split(",")), int(start))
            for name, start, labels in (line.split("\t") for line in layout)
        ]
        return cls(vocabulary, weights, bias, heads)


def _best(head: HeadLayout, scores: list[float]) -> Prediction:
    """The head's most likely label and its softmax probability (a few labels: plain
    Python is faster here than numpy's per-call overhead)."""
    part = scores[head.start : head.start + len(head.labels)]
    top = max(part)
    best = part.index(top)
    return Prediction(head.labels[best] or NULL, 1.0 / sum(math.exp(x - top) for x in part))
