"""Answering a prospect's question: the FAQ answers and the documents about its subject.

`find_answer` is the one place the dialog asks the answering engine (bot/qualify/answering,
built once per content version and held by the Content); the rest decides what to say with
it, with or without storing anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.catalog import Content
from bot.content.library import LibraryItem
from bot.qualify.plan import Button, Plan

FAQ_ANSWER = "dialog.faq_answer"
FAQ_UNKNOWN = "dialog.faq_unknown"
FAQ_UNKNOWN_UNSTORED = "dialog.faq_unknown_unstored"  # nothing was logged: no person offered
FAQ_PART_UNKNOWN = "dialog.faq_part_unknown"
FAQ_PART_UNKNOWN_UNSTORED = "dialog.faq_part_unknown_unstored"
ITEM = "dialog.item_for_question"


@dataclass(frozen=True)
class Answer:
    """What the bot can say to a message: FAQ answers, documents, and the questions in it
    that neither answers."""

    faq_keys: tuple[str, ...]
    texts: tuple[str, ...]
    items: tuple[LibraryItem, ...]
    unanswered: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether there is anything to answer with."""
        return bool(self.texts or self.items)


def find_answer(content: Content, question: str, lang: str) -> Answer:
    """The FAQ answers (best first) and the documents the message asks for or is about."""
    found = content.answerer.answer(question, lang)
    texts = tuple(
        content.faq.faq[key].answer[lang]
        for key in found.faq
        if lang in content.faq.faq[key].answer
    )
    items = tuple(
        item
        for id_ in found.library
        for item in content.library
        if item.id == id_ and item.locale == lang
    )
    return Answer(found.faq, texts, items, found.unanswered)


def say_answer(plan: Plan, answer: Answer, *, stored: bool = True) -> None:
    """The answers, then each document with a button to open it; or honestly that we do not
    know, for the whole message or the part nothing answers (a person is offered when the
    question was kept for one)."""
    for text in answer.texts:
        plan.say(FAQ_ANSWER, answer=text)
    for item in answer.items:
        plan.say(ITEM, title=item.title, buttons=(Button("library.read", "open", value=item.id),))
    person = (Button("questions.human", "human"),)
    if not answer.known:
        if stored:
            plan.say(FAQ_UNKNOWN, buttons=person)
        else:
            plan.say(FAQ_UNKNOWN_UNSTORED)
        return
    for part in answer.unanswered:
        if stored:
            plan.say(FAQ_PART_UNKNOWN, question=part, buttons=person)
        else:
            plan.say(FAQ_PART_UNKNOWN_UNSTORED, question=part)


def answer_only(content: Content, question: str, lang: str) -> Plan:
    """An answer that stores nothing: before consent, after a refusal or a withdrawal."""
    plan = Plan(locale=lang)
    say_answer(plan, find_answer(content, question, lang), stored=False)
    return plan
