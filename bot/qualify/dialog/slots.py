"""The two slots the dialog reads itself from every message, whichever question is
pending: the answer to "are you already a customer?" and the need in the prospect's words."""

from __future__ import annotations

from bot.qualify.dialog.outcomes import become_customer
from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.turn import Turn
from bot.qualify.vocabulary import Direction, FactKind
from storage.facts import record_fact
from storage.leads import recent_messages
from storage.models import Fact

QUOTE_CHARS = 300
NEED_CHARS = 1000
CUSTOMER_CONFIDENCE = 0.9


async def record_customer(
    turn: Turn, reading: Reading, slot: str | None, current: dict[str, Fact], _: bool
) -> Fact | None:
    """Yes or no to "are you already a customer?" as the extraction read it (a short answer
    or its opening clause; said outright anywhere)."""
    answer = reading.cue("customer")
    old = current.get(FactKind.CUSTOMER)
    if not isinstance(answer, bool) or (old is not None and old.value == answer):
        return None
    if answer:
        become_customer(turn.lead)
    return await record_fact(
        turn.session,
        turn.lead,
        kind=FactKind.CUSTOMER,
        value=answer,
        confidence=CUSTOMER_CONFIDENCE,
        quote=reading.text.strip()[:QUOTE_CHARS],
        now=turn.now,
        replaces=old,
    )


DESCRIPTION_WORDS = 6  # shorter, and a message with a fact in it is that fact, not the need


async def record_need(
    turn: Turn, reading: Reading, slot: str | None, current: dict[str, Fact], other_facts: bool
) -> Fact | None:
    """The need, from any message that names a topic we solve; while the need question is
    pending, also from a message that is nothing else (not a question, a request, small
    talk, or only a fact or two: a longer description with facts in it is still the need).
    "I just wrote that" points to the message before."""
    if FactKind.NEED in current:
        return None
    topics = reading.cue("need_topics") or []
    text = reading.text.strip()
    if not topics:
        only_facts = other_facts and len(text.split()) < DESCRIPTION_WORDS
        if slot != FactKind.NEED or only_facts or _says_something_else(reading):
            return None
        if reading.cue("already_said"):
            text = await _message_before(turn)
            if not text:
                return None
            turn.plan.say("dialog.need_from_earlier", quote=text[:QUOTE_CHARS])
        elif len(text) < 3:
            return None
    return await record_fact(
        turn.session,
        turn.lead,
        kind=FactKind.NEED,
        value={"text": text[:NEED_CHARS], "topic": topics[0] if topics else None},
        confidence=0.9 if topics else 0.8,
        quote=text[:QUOTE_CHARS],
        now=turn.now,
    )


async def _message_before(turn: Turn) -> str:
    """The prospect's message before this one, if it was kept."""
    texts = await recent_messages(turn.session, turn.lead.id, limit=2, direction=Direction.IN)
    return texts[1].strip() if len(texts) > 1 else ""


def _says_something_else(reading: Reading) -> bool:
    """A question, a request, small talk or a wish about the conversation is not a need."""
    cues = ("small_talk", "language_request", "erase", "correction")
    return reading.intent is not None or any(reading.cue(cue) for cue in cues)
