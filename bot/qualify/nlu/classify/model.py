"""A trained linear classifier with several heads, as it runs in the bot: one lookup of the
message's features, one sum of weight rows, a softmax per head. numpy only."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.qualify.nlu.classify.heads import NULL


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
        self.weights, self.bias, self.heads = weights, bias, tuple(heads)

    def predict(self, found: Collection[str]) -> dict[str, Prediction]:
        """Every head's most likely label for a message's features."""
        rows = [row for row in map(self.rows.get, found) if row is not None]
        summed = self.bias
        if rows:
            summed = summed + self.weights[rows].sum(axis=0) / math.sqrt(len(rows))
        scores: list[float] = summed.tolist()
        return {head.name: _best(head, scores) for head in self.heads}

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
    exps = [math.exp(score - top) for score in part]
    best = exps.index(1.0) if 1.0 in exps else max(range(len(exps)), key=exps.__getitem__)
    label = head.labels[best] or NULL
    return Prediction(label, exps[best] / sum(exps))
