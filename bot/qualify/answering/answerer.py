"""The answerer: which FAQ entries answer a message, which documents to offer, or a person.

Each asking part of the message is scored against every FAQ entry and library item by
retrieval (bench/faq_eval.py compares the rankers) blended with a classifier trained on
labelled questions; a key is answered when its best part clears the threshold calibrated
by cross-validation on the train split. Below it the bot says it does not know.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.qualify.answering.classifier import Example, TopicClassifier
from bot.qualify.answering.data import (
    Answer,
    Candidate,
    FaqEntry,
    Kind,
    LabelledQuestion,
    LibraryDoc,
)
from bot.qualify.answering.retrieval import Key, RetrievalWeights, Retriever, documents
from bot.qualify.answering.segment import (
    Unit,
    asking_sentences,
    clauses,
    is_anaphoric,
    question_units,
    with_context,
)


@dataclass(frozen=True)
class Settings:
    """Thresholds and mixing weights; the defaults are the ones bench/faq_eval.py calibrated."""

    threshold: float = 0.65  # an FAQ entry answers when its score reaches this
    library_threshold: float = 0.3
    lead_threshold: float = 1.0  # enough for the entry a part of the message is most about
    retrieval_threshold: float = 0.6  # what retrieval alone must reach for an unlabelled entry
    blend: float = 0.6  # the classifier's share of the score for keys it was trained on
    strength: float = 10.0  # inverse regularisation of the classifier
    balanced: bool = True  # weight each key's few positives up to its many negatives
    split_clauses: bool = True  # match each clause too ("price and trial?" asks two things)
    skip_facts: bool = True  # match only sentences that ask when a message has any
    shown: float = 0.15  # candidates below this are not worth an editor's look in --explain
    retrieval: RetrievalWeights = field(default_factory=RetrievalWeights)


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
        best = _best_of(self._score_units(units, lang))
        best = self._add_context(text, lang, best)
        faq = self._passing(best, Kind.FAQ, self.settings.threshold)
        library = self._passing(best, Kind.LIBRARY, self.settings.library_threshold)
        candidates = tuple(
            Candidate(
                key[0], key[1], b.score, b.classifier, b.retrieval, b.clause, b.nearest, b.leads
            )
            for key, b in sorted(best.items(), key=lambda item: -item[1].score)
            if b.score >= self.settings.shown
        )
        return Answer(faq, library, human=not faq and not library, candidates=candidates)

    def _passing(self, best: dict[Key, _Best], kind: Kind, threshold: float) -> tuple[str, ...]:
        """Keys over the threshold, or leading a part of the message over the lower bar."""
        lead = self.settings.lead_threshold
        chosen = [
            (b.score, key[1])
            for key, b in best.items()
            if key[0] is kind and (b.score >= threshold or b.leads >= lead)
        ]
        return tuple(id_ for _, id_ in sorted(chosen, reverse=True))

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
        probabilities = classifier.probabilities(texts) if classifier else {}
        scale = self.settings.threshold / self.settings.retrieval_threshold
        blend = self.settings.blend
        rows: list[dict[Key, _Best]] = []
        for row, (unit, unit_hits) in enumerate(zip(units, hits, strict=True)):
            scored: dict[Key, _Best] = {}
            for key, hit in unit_hits.items():
                learned = probabilities.get(key)
                if learned is None:
                    scored[key] = _Best(hit.score * scale, None, hit.score, unit.text, hit.doc)
                else:
                    p = float(learned[row])
                    mix = blend * p + (1 - blend) * hit.score
                    scored[key] = _Best(mix, p, hit.score, unit.text, hit.doc)
            rows.append(scored)
        return rows


def _best_of(rows: Sequence[dict[Key, _Best]]) -> dict[Key, _Best]:
    """Each key's best unit; `leads` is its best score in a unit whose top FAQ entry it is."""
    best: dict[Key, _Best] = {}
    leads: dict[Key, float] = {}
    for scored in rows:
        faq = [(b.score, key) for key, b in scored.items() if key[0] is Kind.FAQ]
        if faq:
            top_score, top = max(faq)
            leads[top] = max(leads.get(top, 0.0), top_score)
        for key, candidate in scored.items():
            if key not in best or candidate.score > best[key].score:
                best[key] = candidate
    return {key: replace(b, leads=leads.get(key, 0.0)) for key, b in best.items()}


def _merge(first: dict[Key, _Best], second: dict[Key, _Best]) -> dict[Key, _Best]:
    merged = dict(first)
    for key, scored in second.items():
        if key not in merged or scored.score > merged[key].score:
            merged[key] = scored
    return merged
