"""Choosing what to ask next: a fact to confirm (one at a time), the next open question
(in other words when it was asked just before, never more than twice in a row), once more
with an example after a non-answer, a library item that fits, or the end of the questions.

`next_slot` is the one place that decides which question comes next; a rule that must come
first (evidence a sales-ready verdict still lacks, say) goes at its top.
"""

from __future__ import annotations

from bot.qualify import lifecycle
from bot.qualify.dialog.offers import offer
from bot.qualify.dialog.outcomes import hand_over
from bot.qualify.dialog.turn import Turn
from bot.qualify.dialog.verdict import question_order
from bot.qualify.plan import Button, FactValue
from bot.qualify.vocabulary import FactKind, HandoverReason
from storage.facts import current_facts
from storage.handovers import has_waiting_handover
from storage.models import Fact

CONFIRMING = "confirm:"  # how a confirmation counts among the questions asked in a row


def buttons(turn: Turn, slot: str) -> tuple[Button, ...]:
    """The quick replies under a question: its options, skip, and a person."""
    options = turn.content.qualification.options.get(slot, [])
    return (
        *(Button(f"questions.{slot}.options.{o.key}", "answer", slot, o.key) for o in options),
        Button("questions.skip", "skip", slot),
        Button("questions.human", "human"),
    )


def ask(turn: Turn, slot: str, text: str = "ask") -> None:
    """Ask about `slot` now: `text` is ask, retry (with an example) or resume (in other
    words, when it was the last question asked)."""
    if text == "ask" and turn.state.asked == slot:
        text = "resume"
    turn.state.asking(slot)
    turn.lead.dialog_step = slot
    turn.plan.say(f"questions.{slot}.{text}", buttons=buttons(turn, slot))


def asked_enough(turn: Turn, slot: str) -> bool:
    """Whether `slot` was asked as often in a row as a person would."""
    limit = turn.content.qualification.max_asks_in_a_row
    return turn.state.asked == slot and turn.state.asked_times >= limit


async def with_a_person(turn: Turn) -> bool:
    """The lead is with sales or waits for a person: the bot asks nothing more."""
    lead = turn.lead
    return lead.lifecycle in lifecycle.WITH_SALES or await has_waiting_handover(
        turn.session, lead.id
    )


async def next_slot(turn: Turn, answered: dict[str, Fact]) -> str | None:
    """The first question in content order that is neither answered nor skipped (a customer
    is asked only for the need); one asked twice in a row already is skipped."""
    for slot in question_order(turn, answered):
        if slot in answered or slot in turn.state.skipped:
            continue
        if turn.lead.is_customer and slot != FactKind.NEED.value:
            continue
        if asked_enough(turn, slot):
            turn.state.skip(slot)
            continue
        return slot
    return None


async def ask_next(turn: Turn) -> None:
    """A fact waiting for confirmation first, else the next open question; when none is
    left, an offer and the closing words (a customer goes to their account team)."""
    lead = turn.lead
    if await with_a_person(turn):
        lead.dialog_step = None
        return
    answered = await current_facts(turn.session, lead)
    if await _confirm_next(turn, answered):
        return
    slot = await next_slot(turn, answered)
    if slot is not None:
        ask(turn, slot)
        return
    lead.dialog_step = None
    await offer(turn, need_topic(answered))
    if lead.is_customer:
        await hand_over(turn, HandoverReason.CUSTOMER)
        turn.plan.say("dialog.customer_welcome")
    else:
        turn.plan.say("dialog.done")


def need_topic(answered: dict[str, Fact]) -> str | None:
    """The topic of the lead's need, if known."""
    need = answered.get(FactKind.NEED)
    value = need.value if need is not None else None
    topic = value.get("topic") if isinstance(value, dict) else None
    return str(topic) if topic else None


async def _confirm_next(turn: Turn, answered: dict[str, Fact]) -> bool:
    """Quote back the fact waiting for a yes or no (or the next unsure one); after asking
    twice in a row, take it as it stands."""
    state = turn.state
    threshold = turn.content.qualification.confirm_below
    unsure = [
        kind
        for kind in (state.confirm, *state.to_confirm)
        if kind and kind in answered and answered[kind].confidence < threshold
    ]
    state.to_confirm = unsure[1:]
    state.confirm = None
    if not unsure:
        return False
    if asked_enough(turn, CONFIRMING + unsure[0]):
        state.to_confirm = unsure[1:]
        return await _confirm_next(turn, answered) if state.to_confirm else False
    confirm(turn, answered[unsure[0]])
    return True


def confirm(turn: Turn, fact: Fact) -> None:
    """Quote back what we are unsure of and ask whether we got it right."""
    turn.state.confirm = fact.kind
    turn.state.asking(CONFIRMING + fact.kind)
    turn.plan.say(
        "dialog.confirm",
        quote=fact.quote,
        value=FactValue(fact.kind, fact.value),
        buttons=(
            Button("dialog.confirm_yes", "confirm", fact.kind, "yes"),
            Button("dialog.confirm_no", "confirm", fact.kind, "no"),
        ),
    )


def queue_unsure(turn: Turn, recorded: dict[str, Fact]) -> None:
    """Facts read with little confidence wait to be quoted back, one at a time."""
    threshold = turn.content.qualification.confirm_below
    for kind, fact in recorded.items():
        waiting = (turn.state.confirm, *turn.state.to_confirm)
        if fact.confidence < threshold and not fact.confirmed and kind not in waiting:
            turn.state.to_confirm.append(kind)


def move_on(turn: Turn, slot: str) -> bool:
    """A non-answer to `slot`: ask again with an example, or skip it after the last retry."""
    retries = turn.state.retries.get(slot, 0) + 1
    turn.state.retries[slot] = retries
    if retries <= turn.content.qualification.retries and not asked_enough(turn, slot):
        ask(turn, slot, "retry")
        return False
    turn.state.skip(slot)
    turn.plan.say("dialog.skipped")
    return True
