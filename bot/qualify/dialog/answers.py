"""Answering a prospect's question: the FAQ answer and the library item about its subject.

`find_answer` is the one place the dialog asks the answering engine (bot/qualify/faq.py
today); the rest decides what to say with it, with or without storing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.qualify import faq
from bot.qualify.plan import Button, Plan

# A library item answers a question when the question shares this much of its title's words.
TITLE_COVERAGE = 0.5
FAQ_ANSWER = "dialog.faq_answer"
FAQ_UNKNOWN = "dialog.faq_unknown"
FAQ_UNKNOWN_UNSTORED = "dialog.faq_unknown_unstored"  # nothing was passed on or logged
ITEM = "dialog.item_for_question"


@dataclass(frozen=True)
class Answer:
    """What the bot can say to a question: an FAQ answer, an item about it, or neither."""

    faq_key: str | None
    text: str | None
    item: LibraryItem | None

    @property
    def known(self) -> bool:
        """Whether there is anything to answer with."""
        return self.text is not None or self.item is not None


def find_answer(content: Content, question: str, lang: str) -> Answer:
    """The FAQ answer and the library item about the question's subject, if any."""
    found = faq.answer(content.faq, question, lang)
    if found is not None:
        return Answer(found.key, found.answer, None)
    return Answer(None, None, _item_about(content, question, lang))


def _item_about(content: Content, question: str, lang: str) -> LibraryItem | None:
    """The item in the prospect's language whose title the question names, for a question
    the FAQ does not answer (interim: the answering engine will name library ids itself)."""
    asked = faq.content_words(question, lang)
    best: tuple[float, LibraryItem] | None = None
    for item in content.library:
        if item.locale != lang:
            continue
        title = faq.content_words(item.title, lang)
        shared = len(asked & title)
        if not title or not shared:
            continue
        coverage = shared / min(len(title), len(asked))
        if coverage >= TITLE_COVERAGE and (best is None or coverage > best[0]):
            best = (coverage, item)
    return best[1] if best else None


def say_answer(plan: Plan, answer: Answer, *, stored: bool = True) -> None:
    """The answer, then the item with a button to open it; or honestly that we do not know
    (offering a person only when the question was kept for one)."""
    if answer.text is not None:
        plan.say(FAQ_ANSWER, answer=answer.text)
    if answer.item is not None:
        plan.say(
            ITEM,
            title=answer.item.title,
            buttons=(Button("library.read", "open", value=answer.item.id),),
        )
    if not answer.known and stored:
        plan.say(FAQ_UNKNOWN, buttons=(Button("questions.human", "human"),))
    elif not answer.known:
        plan.say(FAQ_UNKNOWN_UNSTORED)


def answer_only(content: Content, question: str, lang: str) -> Plan:
    """An answer that stores nothing: before consent, after a refusal or a withdrawal."""
    plan = Plan(locale=lang)
    say_answer(plan, find_answer(content, question, lang), stored=False)
    return plan
