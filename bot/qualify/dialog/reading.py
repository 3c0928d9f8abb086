"""Reading a message once (its language, every fact and dialog cue it states), then taking
it in: the signals it sends, the buying stage it reveals, and an answer when it asks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content.catalog import Content
from bot.qualify.dialog.answers import find_answer, say_answer
from bot.qualify.dialog.engagement import message_signals, signal
from bot.qualify.dialog.offers import offered
from bot.qualify.dialog.turn import Turn
from bot.qualify.nlu.facts import Extraction
from bot.qualify.signals import stage_after
from bot.qualify.vocabulary import EventKind, Intent
from storage.history import record_unanswered
from storage.models import Lead

UNANSWERED_CHARS = 2000


@dataclass(frozen=True)
class Reading:
    """A message as understood: its text, the language it is written in, what was found;
    shared by the opt-out check and the dialog."""

    text: str
    language: str
    extraction: Extraction
    answerable: bool = False  # no question word, but a "?" the FAQ answers ("pricing?")
    edited: bool = False  # the prospect edited an earlier message: a correction by nature

    @property
    def intent(self) -> str | None:
        """stop, human, not_interested, question, or None. A message that is only small
        talk ("danke, bis dann", "Hallo?") or answers whether they are a customer ("not
        yet") declines nothing and asks nothing."""
        value = self.extraction.value("intent")
        if value in (Intent.NOT_INTERESTED, Intent.QUESTION) and (
            self.cue("small_talk") or self.cue("customer") is not None
        ):
            return None
        return None if value is None else str(value)

    def cue(self, kind: str) -> Any:
        """A dialog cue: customer, language_request, erase, correction, need_topics,
        small_talk (None when the message says nothing of it)."""
        return self.extraction.value(kind)

    @property
    def asks(self) -> bool:
        """Whether the message asks the bot something (beyond another language; "Hallo?"
        is a greeting, not a question)."""
        asked = self.intent == Intent.QUESTION or self.answerable
        return asked and not self.cue("language_request") and not self.cue("small_talk")


def read_message(
    content: Content,
    lead: Lead,
    text: str,
    now: datetime,
    models: Mapping[str, str | None] | None = None,
) -> Reading:
    """Read `text` in the language it is written in, expecting the question the lead is on
    (nothing while a fact waits for confirmation: an unrelated message must not answer it)."""
    expect = None if (lead.dialog_state or {}).get("confirm") else lead.dialog_step
    written_in = content.extractor.language_of(text, lead.language)
    extraction = _extract(content, text, written_in, now, expect, models)
    if written_in != lead.language and not extraction.facts:
        # Dialect counts function words of the other language ("so", "am", "den"): a
        # message that says nothing in the language guessed is read in the lead's own.
        own = _extract(content, text, lead.language, now, expect, models)
        if own.facts:
            written_in, extraction = lead.language, own
    answerable = _answerable(content, text, written_in, extraction)
    return Reading(text, written_in, extraction, answerable)


def _extract(
    content: Content,
    text: str,
    lang: str,
    now: datetime,
    expect: str | None,
    models: Mapping[str, str | None] | None,
) -> Extraction:
    model = (models or {}).get(lang)
    return content.extractor.extract(text, lang, today=now.date(), expect=expect, model=model)


def _answerable(content: Content, text: str, lang: str, extraction: Extraction) -> bool:
    """A message ending in "?" without a question word ("pricing?") that an FAQ entry answers."""
    if extraction.value("intent") is not None or not text.rstrip().endswith("?"):
        return False
    return bool(content.answerer.answer(text, lang).faq)


def reread(turn: Turn, reading: Reading, expect: str) -> Extraction:
    """The message once more, as an answer to `expect` (a correction names no field)."""
    return turn.content.extractor.extract(
        reading.text, reading.language, today=turn.now.date(), expect=expect
    )


async def take_in(turn: Turn, reading: Reading, previous_seen_at: datetime | None) -> None:
    """Log the signals a message sends (a return, a price question, a question) and the
    buying stage it reveals; a question is answered."""
    pause = turn.content.scoring.engagement.return_after_days
    if previous_seen_at is not None and (turn.now - previous_seen_at).days >= pause:
        await signal(turn, EventKind.RETURN)
    turn.state.turn += 1
    lead = turn.lead
    stage = stage_after(turn.content.stages, lead.stage, reading.text, reading.language)
    if stage != lead.stage:
        lead.stage = stage
    await message_signals(turn, reading.text, reading.language)
    if reading.asks:
        answered = await answer_in_turn(turn, reading)
        # The words go with the signal, for the questions on the rep's card.
        text, yes = reading.text[:UNANSWERED_CHARS], "yes" if answered else "no"
        await signal(turn, EventKind.QUESTION, text=text, answered=yes)


async def answer_in_turn(turn: Turn, reading: Reading) -> bool:
    """Answer from the FAQ and the library, or say honestly that we do not know, offer a
    person, and log the question for the editors; whether all of it was answered."""
    answer = find_answer(turn.content, reading.text, reading.language)
    say_answer(turn.plan, answer)
    for item in answer.items:
        await offered(turn, item.id)
    unknown = answer.unanswered if answer.known else (reading.text,)
    for text in unknown:
        record_unanswered(
            turn.session,
            lead_id=turn.lead.id,
            locale=reading.language,
            text=text[:UNANSWERED_CHARS],
            now=turn.now,
        )
    return not unknown
