"""From scored candidates to the reply: which FAQ entries answer, which documents to send.

Kept apart from the scoring so that bench/faq_eval.py can re-decide cross-validated
candidates under other thresholds without training again: the same function the bot runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.qualify.answering.data import Candidate, Kind
from bot.qualify.answering.retrieval import RetrievalWeights
from bot.qualify.answering.text import fold, words

DEFAULT_THRESHOLD = 0.65


@dataclass(frozen=True)
class Settings:
    """Thresholds and mixing weights; content/faq.yaml `answering:` sets the tuned ones."""

    thresholds: Mapping[str, float] = field(default_factory=dict)  # per language, FAQ entries
    # per language, enough for the top entry of a part, discounted if off topic
    lead_thresholds: Mapping[str, float] = field(default_factory=dict)
    retrieval_threshold: float = 0.6  # what retrieval alone must reach for an unlabelled entry
    library_threshold: float = 0.3  # a document offered though nobody asked for one
    request_threshold: float = 0.15  # the best document, when the prospect asks for one
    unanswered_below: float = 0.3  # a question in the message no chosen entry reaches this in
    blend: float = 0.6  # the classifier's share of the score for keys it was trained on
    document_requests: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strength: float = 10.0  # inverse regularisation of the classifier
    balanced: bool = True  # weight each key's few positives up to its many negatives
    split_clauses: bool = True  # match each clause too ("price and trial?" asks two things)
    skip_facts: bool = True  # match only sentences that ask when a message has any
    shown: float = 0.15  # candidates below this are not worth an editor's look in --explain
    retrieval: RetrievalWeights = field(default_factory=RetrievalWeights)

    def threshold(self, lang: str) -> float:
        """The FAQ threshold of a language."""
        return self.thresholds.get(lang, DEFAULT_THRESHOLD)

    def lead_threshold(self, lang: str) -> float:
        """The bar of a language for the entry a part of the message is most about."""
        return self.lead_thresholds.get(lang, 1.0)


def blended(candidate: Candidate, lang: str, settings: Settings) -> float:
    """A candidate's score: classifier and retrieval mixed, or retrieval scaled to the bar."""
    if candidate.classifier is None:
        return candidate.retrieval * settings.threshold(lang) / settings.retrieval_threshold
    return settings.blend * candidate.classifier + (1 - settings.blend) * candidate.retrieval


def leading(candidate: Candidate) -> float:
    """How sure a part of the message asks for this entry: its score where it is the top
    entry, discounted by how likely that part asks nothing the FAQ answers."""
    return candidate.leads * (1 - candidate.off_topic)


def _matches(pattern: str, word: str) -> bool:
    core = pattern.strip("*")
    if pattern.startswith("*") and pattern.endswith("*") and len(pattern) > 1:
        return core in word
    if pattern.endswith("*"):
        return word.startswith(core)
    if pattern.startswith("*"):
        return word.endswith(core)
    return word == core


def asks_for_document(text: str, lang: str, settings: Settings) -> bool:
    """Whether a message asks for a document ("send me…", "haben Sie eine Checkliste")."""
    tokens = words(text)
    for phrase in settings.document_requests.get(lang, ()):
        parts = fold(phrase).split()
        for start in range(len(tokens) - len(parts) + 1):
            if all(_matches(p, t) for p, t in zip(parts, tokens[start:], strict=False)):
                return True
    return False


def decide(
    candidates: Sequence[Candidate],
    lang: str,
    settings: Settings,
    *,
    request: bool,
    documents: Mapping[str, str],
    asks: bool = True,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """FAQ ids (best first) and library ids for a message's candidates; a message that only
    states something ("Monthly cancellation suits us.") gets no FAQ answer."""
    scored = sorted(((blended(c, lang, settings), c) for c in candidates), key=lambda p: -p[0])
    faq = tuple(
        c.id
        for score, c in scored
        if asks
        and c.kind is Kind.FAQ
        and (score >= settings.threshold(lang) or leading(c) >= settings.lead_threshold(lang))
    )
    # One document at most besides those of the answered entries: two offers in one reply
    # read as a brochure rack, not an answer.
    library = [documents[id_] for id_ in faq if id_ in documents] if request else []
    bar = settings.request_threshold if request else settings.library_threshold
    best = next(((s, c) for s, c in scored if c.kind is Kind.LIBRARY), None)
    if best and best[0] >= bar:
        library.append(best[1].id)
    return faq, tuple(dict.fromkeys(library))
