"""Recording what a message or a button says: extracted facts with their quotes, the need
in the prospect's own words, yes or no to "are you a customer?", and corrections."""

from __future__ import annotations

import re
from typing import Any

from bot.content.schemas import Option
from bot.qualify.dialog.engagement import signal
from bot.qualify.dialog.outcomes import become_customer
from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.turn import Turn
from bot.qualify.plan import FactValue, TextKey
from bot.qualify.signals import need_topic, words_for
from bot.qualify.vocabulary import EXTRACTED, EventKind, FactKind
from storage.facts import current_facts, record_fact
from storage.models import Fact

QUOTE_CHARS = 300
NEED_CHARS = 1000


async def record_message_facts(turn: Turn, reading: Reading, slot: str | None) -> dict[str, Fact]:
    """Every fact the message states, by kind; an answer to the open question counts too."""
    recorded = await _extracted(turn, reading)
    if slot == FactKind.NEED and (need := await _need(turn, reading)) is not None:
        recorded[FactKind.NEED] = need
    if slot == FactKind.CUSTOMER and (answer := yes_or_no(turn, reading)) is not None:
        recorded[FactKind.CUSTOMER] = await record_fact(
            turn.session,
            turn.lead,
            kind=FactKind.CUSTOMER,
            value=answer,
            confidence=0.9,
            quote=reading.text.strip()[:QUOTE_CHARS],
            now=turn.now,
        )
        if answer:
            become_customer(turn.lead)
    if recorded:
        await signal(turn, EventKind.ANSWER, facts=sorted(recorded))
    return recorded


async def record_button_answer(turn: Turn, slot: str, option: Option, label: str) -> None:
    """A quick-reply button: a fact we are sure of, replacing what was said before."""
    if slot == FactKind.CUSTOMER and option.value is True:
        become_customer(turn.lead)
    current = await current_facts(turn.session, turn.lead)
    await record_fact(
        turn.session,
        turn.lead,
        kind=slot,
        value=option.value,
        confidence=1.0,
        quote=label,
        now=turn.now,
        confirmed=True,
        replaces=current.get(slot),
    )
    await signal(turn, EventKind.BUTTON, slot=slot)
    await signal(turn, EventKind.ANSWER, facts=[slot])


async def _extracted(turn: Turn, reading: Reading) -> dict[str, Fact]:
    """The extracted facts that are new or changed; a change is said back as a correction."""
    current = await current_facts(turn.session, turn.lead)
    recorded: dict[str, Fact] = {}
    noted: list[FactValue] = []
    for kind in EXTRACTED:
        found = reading.extraction.facts.get(kind)
        if found is None:
            continue
        old = current.get(kind)
        value = carry_over(kind, old.value if old else None, found.value)
        if old is not None and old.value == value:
            continue
        recorded[kind] = await record_fact(
            turn.session,
            turn.lead,
            kind=kind,
            value=value,
            confidence=found.confidence,
            quote=found.quote,
            now=turn.now,
            replaces=old,
        )
        if old is None:
            noted.append(FactValue(kind, value))
            continue
        turn.plan.say(
            "dialog.corrected",
            fact=TextKey(f"facts.{kind}"),
            old=FactValue(kind, old.value),
            new=FactValue(kind, value),
        )
    if noted:
        turn.plan.say("dialog.noted", facts=noted)
    return recorded


async def _need(turn: Turn, reading: Reading) -> Fact | None:
    """The answer to "what would you like to solve?" in the prospect's words, with its topic."""
    text = reading.text.strip()
    current = await current_facts(turn.session, turn.lead)
    if FactKind.NEED in current or len(text) < 3 or reading.intent is not None:
        return None
    topic = need_topic(turn.content.topics, reading.text, reading.language)
    return await record_fact(
        turn.session,
        turn.lead,
        kind=FactKind.NEED,
        value={"text": text[:NEED_CHARS], "topic": topic},
        confidence=0.9 if topic else 0.8,
        quote=text[:QUOTE_CHARS],
        now=turn.now,
    )


def yes_or_no(turn: Turn, reading: Reading) -> bool | None:
    """A free-text answer to a yes/no question, or None when it is neither."""
    lowered = f" {reading.text.lower()} "
    config = turn.content.qualification

    def said(words: list[str]) -> bool:
        return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words)

    yes = said(words_for(config.yes_words, reading.language))
    no = said(words_for(config.no_words, reading.language))
    return None if yes == no else yes


def carry_over(kind: str, old: Any, new: Any) -> Any:
    """ "Actually it's 30k" corrects the amount and keeps the period and currency said before."""
    if kind != FactKind.BUDGET or not isinstance(old, dict) or not isinstance(new, dict):
        return new
    if old.get("status") != "known" or new.get("status") != "known":
        return new
    merged = dict(new)
    for key in ("currency", "period"):
        if merged.get(key) is None:
            merged[key] = old.get(key)
    return merged
