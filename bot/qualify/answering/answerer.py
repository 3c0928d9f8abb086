"""The answerer: which FAQ entries answer a message, which documents to offer, or a person.

Each asking part of the message is scored against every FAQ entry and library item by
retrieval (bench/faq_eval.py compares the rankers) blended with a classifier trained on
labelled questions; a key is answered when its best part clears the threshold calibrated
by cross-validation on the train split. Below it the bot says it does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.qualify.answering.classifier import Example, TopicClassifier
from bot.qualify.answering.data import (
    Answer,
    Candidate,
    FaqEntry,
    Kind,
    LabelledQuestion,
    LibraryDoc,
)
from bot.qualify.answering.decide import Settings, asks_for_document, blended, decide
from bot.qualify.answering.retrieval import Key, Retriever, documents
from bot.qualify.answering.segment import (
    Unit,
    asking_sentences,
    asks,
    clauses,
    is_anaphoric,
    is_question,
    question_units,
    with_context,
)


def training_examples(
    entries: Sequence[FaqEntry],
    library: Sequence[LibraryDoc],
    labelled: Sequence[LabelledQuestion],
    lang: str,
) -> list[Example]:
    """Labelled messages (their asking part) plus example questions and titles of labelled keys."""
    examples: list[Example] = []
    for item in labelled:
        if item.lang == lang:
            found, asking = asking_sentences(item.text, lang)
            keys = {(Kind.FAQ, id_) for id_ in item.faq} | {
                (Kind.LIBRARY, id_) for id_ in item.library
            }
            examples.append(Example(" ".join(found[i] for i in asking), frozenset(keys)))
    taught = frozenset(key for example in examples for key in example.keys)
    for entry in entries:
        key = (Kind.FAQ, entry.id)
        for question in entry.questions.get(lang, ()):
            examples.append(Example(question, frozenset({key} & taught)))
    for doc in library:
        if doc.locale == lang:
            key = (Kind.LIBRARY, doc.id)
            examples.append(Example(doc.title, frozenset({key} & taught)))
    return examples


@dataclass(frozen=True)
class _Best:
    score: float
    classifier: float | None
    retrieval: float
    clause: str
    nearest: str
    leads: float = 0.0
    off_topic: float = 0.0  # of the part it leads in (or its best part)


class Answerer:
    """Answers prospects' questions from the FAQ and the library, in each content language."""

    def __init__(
        self,
        entries: Sequence[FaqEntry],
        library: Sequence[LibraryDoc],
        labelled: Sequence[LabelledQuestion] = (),
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.entries = tuple(entries)
        self.library = tuple(library)
        self.documents = {entry.id: entry.document for entry in entries if entry.document}
        langs = sorted({lang for entry in entries for lang in entry.questions})
        self.langs = tuple(langs) or ("en",)
        self.retrievers = {
            lang: Retriever(documents(entries, library, lang), lang, self.settings.retrieval)
            for lang in self.langs
        }
        self.classifiers: dict[str, TopicClassifier] = {}
        for lang in self.langs:
            examples = training_examples(entries, library, labelled, lang)
            if any(example.keys for example in examples):
                self.classifiers[lang] = TopicClassifier(
                    examples, lang, self.settings.strength, self.settings.balanced
                )

    def answer(self, text: str, lang: str) -> Answer:
        """The FAQ ids (best first) and library ids that answer a message, or a person."""
        lang = lang if lang in self.retrievers else self.langs[0]
        units = question_units(
            text,
            lang,
            split_clauses=self.settings.split_clauses,
            skip_facts=self.settings.skip_facts,
        )
        rows = self._score_units(units, lang)
        candidates = _ranked(self._add_context(text, lang, _best_of(rows)))
        request = asks_for_document(text, lang, self.settings)
        asking = asks(text, lang)
        faq, library = decide(
            candidates, lang, self.settings, request=request, documents=self.documents, asks=asking
        )
        chosen = {(Kind.FAQ, id_) for id_ in faq} | {(Kind.LIBRARY, id_) for id_ in library}
        unanswered = self._unanswered(units, rows, chosen, lang) if chosen else ()
        return Answer(
            faq,
            library,
            human=not chosen or bool(unanswered),
            candidates=candidates,
            unanswered=unanswered,
            request=request,
            asks=asking,
        )

    def _unanswered(
        self,
        units: Sequence[Unit],
        rows: Sequence[dict[Key, _Best]],
        chosen: set[Key],
        lang: str,
    ) -> tuple[str, ...]:
        """Questions of their own in the message that no chosen entry or item comes near
        ("…and can we host it on-premise?" beside a GDPR question)."""
        bar = self.settings.unanswered_below
        found: list[str] = []
        for unit, scored in zip(units, rows, strict=True):
            if not is_question(unit.text, lang) or is_anaphoric(unit.text, lang):
                continue
            if all(scored[key].score < bar for key in chosen if key in scored):
                found.append(unit.text)
        return tuple(dict.fromkeys(found))

    def _add_context(self, text: str, lang: str, best: dict[Key, _Best]) -> dict[Key, _Best]:
        """Rescore a question that points back ("Is that the case with you too?") with context."""
        found, asking = asking_sentences(text, lang, self.settings.skip_facts)
        units: list[Unit] = []
        for index in asking:
            if index > 0 and is_anaphoric(found[index], lang):
                context = with_context(found, index)
                units.append(context)
                units.extend(Unit(part, index) for part in clauses(found[index - 1]))
        if not units:
            return best
        return _merge(best, _best_of(self._score_units(units, lang)))

    def _score_units(self, units: Sequence[Unit], lang: str) -> list[dict[Key, _Best]]:
        """Every key's score for each unit."""
        texts = [unit.text for unit in units]
        hits = self.retrievers[lang].search(texts)
        classifier = self.classifiers.get(lang)
        probabilities, outside = (
            classifier.scores(texts) if classifier else ({}, np.zeros(len(texts)))
        )
        rows: list[dict[Key, _Best]] = []
        for row, (unit, unit_hits) in enumerate(zip(units, hits, strict=True)):
            scored: dict[Key, _Best] = {}
            for key, hit in unit_hits.items():
                learned = probabilities.get(key)
                p = None if learned is None else float(learned[row])
                seen = Candidate(key[0], key[1], 0.0, p, hit.score, unit.text, hit.doc)
                score = blended(seen, lang, self.settings)
                scored[key] = _Best(
                    score, p, hit.score, unit.text, hit.doc, off_topic=float(outside[row])
                )
            rows.append(scored)
        return rows


def _best_of(rows: Sequence[dict[Key, _Best]]) -> dict[Key, _Best]:
    """Each key's best unit; `leads` is its best score in a unit whose top FAQ entry it is."""
    best: dict[Key, _Best] = {}
    leads: dict[Key, _Best] = {}
    for scored in rows:
        faq = [(b.score, key) for key, b in scored.items() if key[0] is Kind.FAQ]
        if faq:
            top_score, top = max(faq)
            if top not in leads or top_score > leads[top].score:
                leads[top] = scored[top]
        for key, candidate in scored.items():
            if key not in best or candidate.score > best[key].score:
                best[key] = candidate
    return {
        key: replace(b, leads=leads[key].score, off_topic=leads[key].off_topic)
        if key in leads
        else b
        for key, b in best.items()
    }


def _merge(first: dict[Key, _Best], second: dict[Key, _Best]) -> dict[Key, _Best]:
    merged = dict(first)
    for key, scored in second.items():
        if key not in merged or scored.score > merged[key].score:
            merged[key] = scored
    return merged


def _ranked(best: dict[Key, _Best]) -> tuple[Candidate, ...]:
    """The candidates, best score first."""
    return tuple(
        Candidate(
            key[0],
            key[1],
            b.score,
            b.classifier,
            b.retrieval,
            b.clause,
            b.nearest,
            b.leads,
            b.off_topic,
        )
        for key, b in sorted(best.items(), key=lambda item: -item[1].score)
    )
