"""Answering prospects' questions from the FAQ and the library, or offering a person.

Pure Python over plain data: `Answerer(entries, library, labelled)` then
`answer(text, lang) -> Answer`. The contract runner (`main`, `answer_lines`) is what
`leadbot ask` runs; `explain` and `competing_entries` serve editors.
"""

from bot.qualify.answering import measure
from bot.qualify.answering.answerer import Answerer, Settings
from bot.qualify.answering.contract import answer_lines, main
from bot.qualify.answering.data import (
    Answer,
    Candidate,
    FaqEntry,
    Kind,
    LabelledQuestion,
    LibraryDoc,
)
from bot.qualify.answering.explain import competing_entries, explain
from bot.qualify.answering.retrieval import RetrievalWeights
from bot.qualify.answering.sources import (
    faq_entries,
    labelled_question,
    library_docs,
    load_answerer,
    read_labelled,
)

__all__ = [
    "Answer",
    "Answerer",
    "Candidate",
    "FaqEntry",
    "Kind",
    "LabelledQuestion",
    "LibraryDoc",
    "RetrievalWeights",
    "Settings",
    "answer_lines",
    "competing_entries",
    "explain",
    "faq_entries",
    "labelled_question",
    "library_docs",
    "load_answerer",
    "main",
    "measure",
    "read_labelled",
]
