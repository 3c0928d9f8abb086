"""Training the classifiers from our labelled corpus: `make nlu-model` (or
`python -m bot.qualify.nlu.classify.train`) writes bot/qualify/nlu/trained/<lang>.npz.

scikit-learn fits the weights (a development dependency); the bot runs them with numpy.
Only the `train` part of the locked split is used (corpus/split.py).
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from bot.qualify.nlu.classify.features import features, rule_hints
from bot.qualify.nlu.classify.heads import HEADS, Head
from bot.qualify.nlu.classify.model import Classifier, HeadLayout
from bot.qualify.nlu.classify.shipped import TRAINED
from bot.qualify.nlu.extractor import Extractor

MIN_COUNT = 2  # a feature seen once teaches nothing that generalises
# Inverse regularisation of the logistic regressions (scikit-learn's C); on a held-out fifth
# of train, 32 beat 8 and 2 on filled accuracy and on false fills.
STRENGTH = 32.0
BALANCE: str | None = "balanced"  # rare labels weigh as much as common ones
Line = Mapping[str, Any]


def line_features(extractor: Extractor, line: Line) -> set[str]:
    """The features of one labelled line, with what the rules read in it as hints."""
    found = extractor.extract(
        line["text"],
        line["lang"],
        today=date.fromisoformat(line["today"]),
        expect=line["expect"],
        raw=True,
    ).as_contract()
    return features(line["text"], line["expect"], rule_hints(found))


def fit(
    feature_sets: Sequence[set[str]], lines: Sequence[Line], strength: float = STRENGTH
) -> Classifier:
    """One classifier with every head, fitted on the given lines."""
    counts = Counter(feature for found in feature_sets for feature in found)
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    matrix = _matrix(feature_sets, {f: i for i, f in enumerate(vocabulary)})
    layouts, columns, biases, start = [], [], [], 0
    for head in HEADS:
        weights, bias = _fit_head(head, matrix, [head.gold(line) for line in lines], strength)
        layouts.append(HeadLayout(head.name, head.labels, start))
        columns.append(weights)
        biases.append(bias)
        start += len(head.labels)
    return Classifier(
        vocabulary,
        np.hstack(columns).astype(np.float32),
        np.concatenate(biases).astype(np.float32),
        layouts,
    )


def _matrix(feature_sets: Sequence[set[str]], rows: Mapping[str, int]) -> csr_matrix:
    indptr, indices = [0], []
    for found in feature_sets:
        indices.extend(sorted(rows[f] for f in found if f in rows))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    for row in range(len(feature_sets)):
        width = indptr[row + 1] - indptr[row]
        if width:
            data[indptr[row] : indptr[row + 1]] = 1 / math.sqrt(width)
    return csr_matrix((data, indices, indptr), shape=(len(feature_sets), len(rows)))


def _fit_head(
    head: Head, matrix: csr_matrix, gold: Sequence[str], strength: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weights (features × labels) and biases of one head, in the head's label order."""
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((matrix.shape[1], len(head.labels)))
    bias = np.full(len(head.labels), -30.0)
    present = sorted(set(gold))
    if len(present) == 1:
        bias[head.labels.index(present[0])] = 0.0
        return weights, bias
    # One binary regression per label (liblinear is fast on sparse n-grams); the scores
    # are compared with a softmax at prediction time.
    labels = np.asarray(gold)
    for label in present:
        model = LogisticRegression(C=strength, solver="liblinear", class_weight=BALANCE)
        model.fit(matrix, labels == label)
        column = head.labels.index(label)
        weights[:, column], bias[column] = model.coef_[0], model.intercept_[0]
    return weights, bias


def main() -> None:
    """Train one classifier per language on the train part of corpus/nlu/ and save it."""
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TRAINED)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[4]
    sys.path.insert(0, str(root / "corpus"))
    import split  # corpus/ is data with one script, no package

    from bot.content.catalog import load_content

    extractor = load_content(root / "content").extractor
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in ("de", "en"):
        lines = [line for line in split.lines("nlu", "train") if line["lang"] == lang]
        model = fit([line_features(extractor, line) for line in lines], lines)
        model.save(args.out / f"{lang}.npz")
        print(f"{lang}: {len(lines)} lines, {len(model.rows)} features → {args.out / lang}.npz")


if __name__ == "__main__":
    main()
