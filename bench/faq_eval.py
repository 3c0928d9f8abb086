"""Contract scores of the answerer on our own labelled questions (content/faq_examples).

    .venv/bin/python bench/faq_eval.py train            # 5-fold cross-validation inside train
    .venv/bin/python bench/faq_eval.py train --compare  # the rankers and variants side by side
    .venv/bin/python bench/faq_eval.py train --sweep    # thresholds and blend from CV candidates
    .venv/bin/python bench/faq_eval.py train --holdout contract  # an entry never labelled
    .venv/bin/python bench/faq_eval.py test             # trained on train, scored on test

`test` is for the final report only: tune on `train`. Add --errors to list the misses.
"""

from __future__ import annotations

import hashlib
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "corpus")]

from split import lines as corpus_lines  # noqa: E402

from bot.content.catalog import load_content  # noqa: E402
from bot.qualify.answering import (  # noqa: E402
    Answerer,
    RetrievalWeights,
    Settings,
    decide,
    faq_entries,
    labelled_question,
    library_docs,
    measure,
)

FOLDS = 5
Line = dict[str, Any]


def fold_of(line_id: str) -> int:
    """A fold inside train, by a hash other than the one that locks the test split."""
    return hashlib.md5(line_id.encode()).digest()[1] % FOLDS


CONTENT = load_content(ROOT / "content")


def build(train: Sequence[Line], settings: Settings, holdout: str | None = None) -> Answerer:
    """An answerer over content/ trained on these lines (the held-out entry unlabelled)."""
    content = CONTENT
    labelled = [labelled_question(line) for line in train]
    if holdout:
        labelled = [replace(q, faq=tuple(i for i in q.faq if i != holdout)) for q in labelled]
    return Answerer(
        faq_entries(content.faq.faq), library_docs(content.library), labelled, settings
    )


def answer_all(answerer: Answerer, lines: Sequence[Line]) -> dict[str, Line]:
    """The contract's output fields for each line, by id."""
    answers: dict[str, Line] = {}
    for line in lines:
        answer = answerer.answer(line["text"], line["lang"])
        answers[line["id"]] = {
            "faq": list(answer.faq),
            "library": list(answer.library),
            "human": answer.human,
            "candidates": answer.candidates,
            "request": answer.request,
            "asks": answer.asks,
            "lang": line["lang"],
        }
    return answers


def cross_validate(
    lines: Sequence[Line], settings: Settings, holdout: str | None = None
) -> dict[str, Line]:
    """Answers for every train line from an answerer that did not see its fold."""
    answers: dict[str, Line] = {}
    for fold in range(FOLDS):
        train = [line for line in lines if fold_of(line["id"]) != fold]
        held = [line for line in lines if fold_of(line["id"]) == fold]
        answers.update(answer_all(build(train, settings, holdout), held))
    return answers


def errors(lines: Sequence[Line], answers: dict[str, Line]) -> None:
    """Print each line whose FAQ set is wrong or whose document was missed."""
    for line in lines:
        got = answers[line["id"]]
        library_ok = not line.get("library") or set(line["library"]) & set(got["library"])
        if set(got["faq"]) == set(line["faq"]) and library_ok:
            continue
        top = [f"{c.id}:{c.score:.2f}" for c in got["candidates"][:4]]
        print(f"{line['id']}: {line['text'][:140]!r}")
        print(f"    gold {sorted(line['faq'])} {line.get('library', '')}")
        print(f"    got  {got['faq']} {got['library']}  {' '.join(top)}")


def summary(table: dict[str, dict[str, float | None]]) -> str:
    """Exact, abstain, recall, precision and library recall for de / en."""
    cells = []
    for name in ("exact", "abstain", "faq recall", "faq precision", "library recall"):
        values = [table[name].get(lang) for lang in ("de", "en")]
        cells.append(" / ".join(f"{v:.3f}" if v is not None else "-" for v in values))
    return " | ".join(cells)


VARIANTS: dict[str, Callable[[Settings], Settings]] = {
    "char n-gram TF-IDF only": lambda s: replace(
        s, blend=0.0, retrieval=RetrievalWeights(char=1.0)
    ),
    "BM25 on stems only": lambda s: replace(s, blend=0.0, retrieval=RetrievalWeights(char=0.0)),
    "char + BM25": lambda s: replace(s, blend=0.0),
    "classifier only": lambda s: replace(s, blend=1.0),
    "classifier + retrieval, whole message": lambda s: replace(
        s, split_clauses=False, skip_facts=False
    ),
    "classifier + retrieval, asking sentences": lambda s: replace(s, split_clauses=False),
    "classifier + retrieval, asking sentences + clauses": lambda s: s,
}


def compare(lines: Sequence[Line], settings: Settings) -> None:
    """Each variant's cross-validated scores (retrieval-only variants use their own threshold)."""
    print("variant | exact de/en | abstain | recall | precision | library recall")
    for name, change in VARIANTS.items():
        variant = change(settings)
        if variant.blend == 0.0:
            best = max(
                (_retrieval_only(lines, variant, t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)),
                key=lambda pair: pair[0]["exact"]["all"] or 0,
            )
            print(f"{name} (threshold {best[1]}) | {summary(best[0])}")
            continue
        answers = cross_validate(lines, variant)
        print(f"{name} | {summary(measure.score(lines, answers))}")


def _retrieval_only(
    lines: Sequence[Line], settings: Settings, threshold: float
) -> tuple[dict[str, dict[str, float | None]], float]:
    variant = replace(
        settings,
        thresholds={"de": threshold, "en": threshold},
        library_threshold=threshold,
        retrieval_threshold=threshold,
    )
    answerer = build([], variant)  # no labelled lines: nothing to cross-validate
    return measure.score(lines, answer_all(answerer, lines)), threshold


BLENDS = (0.5, 0.6, 0.7, 0.8, 0.9)
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
LEADS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 1.0)
LIBRARY = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
REQUEST = (0.05, 0.1, 0.15, 0.2, 0.3)
ABSTAIN_FLOOR = 0.95


def _redecided(got: Line, settings: Settings) -> Line:
    faq, library = decide(
        got["candidates"],
        got["lang"],
        settings,
        request=got["request"],
        documents=CONTENT.answerer.documents,
        asks=got["asks"],
    )
    return {"faq": list(faq), "library": list(library)}


def sweep(lines: Sequence[Line], settings: Settings) -> None:
    """Re-decide cross-validated candidates under other settings (no retraining): per blend,
    each language's best threshold and lead bar with abstain >= 0.95; then the library bars,
    recall against how often a document is offered unasked."""
    answers = cross_validate(lines, settings)
    print("blend | lang threshold lead exact abstain | ...")
    for blend in BLENDS:
        cells = []
        for lang in ("de", "en"):
            part = [line for line in lines if line["lang"] == lang]
            found = []
            for threshold, lead in itertools.product(THRESHOLDS, LEADS):
                variant = replace(
                    settings,
                    blend=blend,
                    thresholds={lang: threshold},
                    lead_thresholds={lang: lead},
                )
                table = measure.score(
                    part, {x["id"]: _redecided(answers[x["id"]], variant) for x in part}
                )
                exact, abstain = table["exact"][lang] or 0, table["abstain"][lang] or 0
                if abstain >= ABSTAIN_FLOOR:
                    found.append((exact, abstain, threshold, lead))
            exact, abstain, threshold, lead = max(found, default=(0, 0, 0, 0))
            cells.append(f"{lang} {threshold} {lead} {exact:.3f} {abstain:.3f}")
        print(f"{blend} | " + " | ".join(cells))
    _sweep_library(lines, settings, answers)


def _sweep_library(lines: Sequence[Line], settings: Settings, answers: dict[str, Line]) -> None:
    unasked = [line for line in lines if not line.get("library")]
    print("library request | library recall de / en | offered unasked")
    for library, request in itertools.product(LIBRARY, REQUEST):
        variant = replace(settings, library_threshold=library, request_threshold=request)
        decided = {x["id"]: _redecided(answers[x["id"]], variant) for x in lines}
        table = measure.score(lines, decided)
        recall = " / ".join(f"{table['library recall'][lang] or 0:.3f}" for lang in ("de", "en"))
        offered = sum(bool(decided[x["id"]]["library"]) for x in unasked) / len(unasked)
        print(f"{library} {request} | {recall} | {offered:.3f}")


def main(argv: list[str]) -> int:
    """Run the mode named on the command line."""
    if len(argv) < 2 or argv[1] not in ("train", "test"):
        print(__doc__)
        return 2
    settings = CONTENT.answerer_settings
    train = list(corpus_lines("faq", "train"))
    if argv[1] == "test":
        started = time.perf_counter()
        answerer = build(train, settings)
        built = time.perf_counter() - started
        test = list(corpus_lines("faq", "test"))
        started = time.perf_counter()
        answers = answer_all(answerer, test)
        per_line = (time.perf_counter() - started) / len(test)
        print(measure.render(measure.score(test, answers)))
        print(f"build {built:.2f} s, {per_line * 1000:.1f} ms per message")
        if "--errors" in argv:
            errors(test, answers)
        return 0
    if "--sweep" in argv:
        sweep(train, settings)
        return 0
    if "--compare" in argv:
        compare(train, settings)
        return 0
    holdout = argv[argv.index("--holdout") + 1] if "--holdout" in argv else None
    answers = cross_validate(train, settings, holdout)
    print(measure.render(measure.score(train, answers)))
    if holdout:
        _holdout_recall(train, answers, holdout)
    if "--errors" in argv:
        errors(train, answers)
    return 0


def _holdout_recall(lines: Sequence[Line], answers: dict[str, Line], holdout: str) -> None:
    asked = [line for line in lines if holdout in line["faq"]]
    found = sum(holdout in answers[line["id"]]["faq"] for line in asked)
    wrong = sum(
        holdout in answers[line["id"]]["faq"] for line in lines if holdout not in line["faq"]
    )
    print(f"held-out {holdout}: found in {found} of {len(asked)}, wrongly in {wrong}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
