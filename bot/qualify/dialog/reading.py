"""Reading a message once (its language and every fact it states), then taking it in: the
signals it sends, the buying stage it reveals, and an answer when it asks a question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.content.catalog import Content
from bot.qualify import faq
from bot.qualify.dialog.engagement import message_signals, signal
from bot.qualify.dialog.outcomes import become_customer
from bot.qualify.dialog.turn import Turn
from bot.qualify.nlu.facts import Extraction
from bot.qualify.plan import Button
from bot.qualify.signals import stage_after, words_for
from bot.qualify.vocabulary import EXTRACTED, EventKind, Intent
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

    @property
    def intent(self) -> str | None:
        """stop, human, not_interested, question, or None."""
        value = self.extraction.value("intent")
        return None if value is None else str(value)


def read_message(
    content: Content,
    lead: Lead,
    text: str,
    now: datetime,
    models: Mapping[str, str | None] | None = None,
) -> Reading:
    """Read `text` in the language it is written in, expecting the question the lead is on."""
    extractor = content.extractor
    written_in = extractor.language_of(text, lead.language)
    slot = lead.dialog_step
    extraction = extractor.extract(
        text,
        written_in,
        today=now.date(),
        expect=slot if slot in EXTRACTED else None,
        model=(models or {}).get(written_in),
    )
    return Reading(text, written_in, extraction)


async def take_in(turn: Turn, reading: Reading, previous_seen_at: datetime | None) -> None:
    """Log the signals a message sends (a return, a price question, a question); a prospect
    who says they are a customer becomes one; a question is answered."""
    pause = turn.content.scoring.engagement.return_after_days
    if previous_seen_at is not None and (turn.now - previous_seen_at).days >= pause:
        await signal(turn, EventKind.RETURN)
    _stage_and_customer(turn, reading)
    await message_signals(turn, reading.text, reading.language)
    if reading.intent == Intent.QUESTION:
        await signal(turn, EventKind.QUESTION)
        _answer_question(turn, reading)


def _stage_and_customer(turn: Turn, reading: Reading) -> None:
    lead = turn.lead
    stage = stage_after(turn.content.stages, lead.stage, reading.text, reading.language)
    if stage != lead.stage:
        lead.stage = stage
    words = words_for(turn.content.qualification.customer_words, reading.language)
    if not lead.is_customer and any(word in reading.text.lower() for word in words):
        become_customer(lead)


def _answer_question(turn: Turn, reading: Reading) -> None:
    """Answer from the FAQ, or say honestly that we do not know, offer a person, and log it."""
    found = faq.answer(turn.content.faq, reading.text, reading.language)
    if found is not None:
        turn.plan.say("dialog.faq_answer", answer=found.answer)
        return
    record_unanswered(
        turn.session,
        lead_id=turn.lead.id,
        locale=reading.language,
        text=reading.text[:UNANSWERED_CHARS],
        now=turn.now,
    )
    turn.plan.say("dialog.faq_unknown", buttons=(Button("questions.human", "human"),))
