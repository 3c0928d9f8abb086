"""Recording what a message or a button says: extracted facts with their quotes, and
corrections of any earlier fact, whichever question is pending. The need and the customer
answer are tracked in slots.py."""

from __future__ import annotations

import math
from typing import Any

from bot.content.schemas import Option
from bot.qualify.dialog.engagement import signal
from bot.qualify.dialog.outcomes import become_customer
from bot.qualify.dialog.reading import Reading, reread
from bot.qualify.dialog.slots import record_customer, record_need
from bot.qualify.dialog.turn import Turn
from bot.qualify.nlu.facts import Fact as Found
from bot.qualify.plan import FactValue, TextKey
from bot.qualify.vocabulary import EXTRACTED, EventKind, FactKind
from storage.facts import current_facts, record_fact
from storage.models import Fact


async def record_message_facts(turn: Turn, reading: Reading, slot: str | None) -> dict[str, Fact]:
    """Every fact the message states or corrects, by kind; the need and the customer answer
    from any message. Facts we are sure of are said back as noted, the rest wait to be
    confirmed."""
    current = await current_facts(turn.session, turn.lead)
    recorded: dict[str, Fact] = {}
    for kind in EXTRACTED:
        found = reading.extraction.facts.get(kind)
        if found is not None and not storable(found.value):
            continue  # a 309-digit head count is no fact, and no database can keep it
        if found is not None and _may_replace(turn, current.get(kind), found, reading, slot):
            recorded[kind] = await _record(turn, current.get(kind), found)
    if reading.cue("correction") and not recorded:
        await _correct_last(turn, reading, current, recorded)
    for record in (record_customer, record_need):
        fact = await record(turn, reading, slot, current, bool(recorded))
        if fact is not None:
            recorded[fact.kind] = fact
    _say_noted(turn, recorded, current)
    if recorded:
        await signal(turn, EventKind.ANSWER, facts=sorted(recorded))
    return recorded


def _may_replace(
    turn: Turn, old: Fact | None, found: Found, reading: Reading, slot: str | None = None
) -> bool:
    """A new or different value; the fact being confirmed only by a sure answer or a
    correction, never by an unsure reading of an unrelated message. While another question
    waits, a known fact changes only with a correction: "the budget comes in autumn" does
    not move a start "a year from now" to autumn."""
    value = carry_over(found.kind, old.value if old else None, found.value)
    if old is not None and old.value == value:
        return False
    corrects = reading.edited or reading.cue("correction")
    if old is not None and slot not in (None, found.kind) and not corrects:
        return False
    if turn.state.confirm != found.kind:
        return True
    sure = found.confidence >= turn.content.qualification.confirm_below
    return sure or bool(reading.cue("correction"))


LARGEST = 10**15  # more people or money than exist; fits a JSON number on every database


def storable(value: object) -> bool:
    """Whether every number in a fact value is finite and of a size the world has."""
    if isinstance(value, dict):
        return all(storable(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(storable(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    return math.isfinite(value) and abs(value) <= LARGEST


async def _record(turn: Turn, old: Fact | None, found: Found) -> Fact:
    value = carry_over(found.kind, old.value if old else None, found.value)
    if turn.state.confirm == found.kind:
        turn.state.confirm = None  # answered in words
    return await record_fact(
        turn.session,
        turn.lead,
        kind=found.kind,
        value=value,
        confidence=found.confidence,
        quote=found.quote,
        now=turn.now,
        replaces=old,
    )


async def _correct_last(
    turn: Turn, reading: Reading, current: dict[str, Fact], recorded: dict[str, Fact]
) -> None:
    """ "Moment, eher 80": a correction that names no field corrects the latest fact."""
    latest = max(
        (fact for kind, fact in current.items() if kind in EXTRACTED),
        key=lambda fact: (fact.recorded_at, fact.id),
        default=None,
    )
    if latest is None:
        return
    found = reread(turn, reading, latest.kind).facts.get(latest.kind)
    if found is not None and _may_replace(turn, latest, found, reading):
        recorded[latest.kind] = await _record(turn, latest, found)


def _say_noted(turn: Turn, recorded: dict[str, Fact], before: dict[str, Fact]) -> None:
    """New facts we are sure of as noted; changed ones as corrections; unsure ones are
    quoted back later (never "noted" and "did I get that right?" in one breath)."""
    threshold = turn.content.qualification.confirm_below
    noted: list[FactValue] = []
    for kind, fact in recorded.items():
        old = before.get(kind)
        if old is not None and kind in EXTRACTED:
            turn.plan.say(
                "dialog.corrected",
                fact=TextKey(f"facts.{kind}"),
                old=FactValue(kind, old.value),
                new=FactValue(kind, fact.value),
            )
        elif fact.confidence >= threshold and kind in EXTRACTED:
            noted.append(FactValue(kind, fact.value))
    if noted:
        turn.plan.say("dialog.noted", facts=noted)


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
