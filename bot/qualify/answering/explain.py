"""For editors: why a message got its answer, and which FAQ entries compete for questions."""

from __future__ import annotations

from bot.qualify.answering.answerer import Answerer
from bot.qualify.answering.data import Answer, Candidate, Kind


def _evidence(candidate: Candidate) -> str:
    learned = (
        "classifier never saw it labelled"
        if candidate.classifier is None
        else f"classifier {candidate.classifier:.2f}"
    )
    return (
        f"{learned}, retrieval {candidate.retrieval:.2f}, "
        f"leads a part {candidate.leads:.2f}, off topic {candidate.off_topic:.2f}"
    )


def explain(answer: Answer, shown: float = 0.15) -> list[str]:
    """One line per verdict and per candidate scoring at least `shown`: score, evidence,
    the part asked, the closest text."""
    lines = [
        f"faq: {', '.join(answer.faq) or '-'}",
        f"library: {', '.join(answer.library) or '-'}"
        + (" (asks for a document)" if answer.request else ""),
        f"offer a person: {'yes' if answer.human else 'no'}",
        *(f"not answered: {part!r}" for part in answer.unanswered),
    ]
    chosen = {(Kind.FAQ, id_) for id_ in answer.faq} | {
        (Kind.LIBRARY, id_) for id_ in answer.library
    }
    for candidate in (c for c in answer.candidates if c.score >= shown):
        mark = "*" if (candidate.kind, candidate.id) in chosen else " "
        lines.append(
            f"{mark} {candidate.kind.value} {candidate.id}: {candidate.score:.2f} "
            f"({_evidence(candidate)})"
        )
        lines.append(f"      asked: {candidate.clause!r}")
        lines.append(f"      closest: {candidate.nearest!r}")
    return lines


def competing_entries(answerer: Answerer) -> list[tuple[str, str, str]]:
    """(entry, rival, example): an entry's own example question that a rival entry also answers."""
    found: list[tuple[str, str, str]] = []
    for entry in answerer.entries:
        for lang, questions in sorted(entry.questions.items()):
            for question in questions:
                answer = answerer.answer(question, lang)
                found.extend(
                    (entry.id, rival, question) for rival in answer.faq if rival != entry.id
                )
    return found
