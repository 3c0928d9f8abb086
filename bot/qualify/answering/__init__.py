"""Answering prospects' questions from the FAQ and the library, or offering a person.

Pure Python over plain data: `Answerer(entries, library, labelled)` then
`answer(text, lang) -> Answer`. The contract runner (`main`, `answer_lines`) is what
`leadbot ask` runs; `explain` and `competing_entries` serve editors.
"""

from bot.qualify.answering import measure
from bot.qualify.answering.answerer import Answerer
from bot.qualify.answering.contract import answer_lines, main
from bot.qualify.answering.data import (
    Answer,
    Candidate,
    FaqEntry,
    Kind,
    LabelledQuestion,
    LibraryDoc,
)
from bot.qualify.answering.decide import Settings, decide
from bot.qualify.answering.explain import competing_entries, explain
from bot.qualify.answering.retrieval import RetrievalWeights
from bot.qualify.answering.sources import (
    faq_entries,
    labelled_question,
    library_docs,
    load_answerer,
)
from bot.qualify.answering.unanswered import QuestionGroup, group_unanswered

__all__ = [
    "Answer",
    "Answerer",
    "Candidate",
    "FaqEntry",
    "Kind",
    "LabelledQuestion",
    "LibraryDoc",
    "QuestionGroup",
    "RetrievalWeights",
    "Settings",
    "answer_lines",
    "competing_entries",
    "decide",
    "explain",
    "faq_entries",
    "group_unanswered",
    "labelled_question",
    "library_docs",
    "load_answerer",
    "main",
    "measure",
]
