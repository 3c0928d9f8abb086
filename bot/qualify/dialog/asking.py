"""Choosing what to say next: the next open question, once more with an example, a fact to
confirm, a library item that fits, or the end of the questions."""

from __future__ import annotations

from bot.qualify import lifecycle
from bot.qualify.dialog.outcomes import hand_over
from bot.qualify.dialog.turn import Turn
from bot.qualify.dialog.verdict import question_order
from bot.qualify.plan import Button, FactValue
from bot.qualify.vocabulary import FactKind, HandoverReason
from storage.facts import current_facts
from storage.handovers import has_waiting_handover
from storage.models import Fact

OFFER = "dialog.offer"


def buttons(turn: Turn, slot: str) -> tuple[Button, ...]:
    """The quick replies under a question: its options, skip, and a person."""
    options = turn.content.qualification.options.get(slot, [])
    return (
        *(Button(f"questions.{slot}.options.{o.key}", "answer", slot, o.key) for o in options),
        Button("questions.skip", "skip", slot),
        Button("questions.human", "human"),
    )


def ask(turn: Turn, slot: str) -> None:
    """Ask about `slot` now."""
    turn.lead.dialog_step = slot
    turn.plan.say(f"questions.{slot}.ask", buttons=buttons(turn, slot))


async def ask_next(turn: Turn) -> None:
    """The first question in content order that is neither answered nor skipped; when none
    is left, an offer and the closing words (a customer goes to their account team)."""
    lead = turn.lead
    if lead.lifecycle in lifecycle.WITH_SALES or await has_waiting_handover(turn.session, lead.id):
        lead.dialog_step = None
        return
    answered = await current_facts(turn.session, lead)
    for slot in question_order(turn, answered):
        if slot in answered or slot in turn.state.skipped:
            continue
        if lead.is_customer and slot != FactKind.NEED.value:
            continue
        ask(turn, slot)
        return
    lead.dialog_step = None
    offer(turn)
    if lead.is_customer:
        await hand_over(turn, HandoverReason.CUSTOMER)
        turn.plan.say("dialog.customer_welcome")
    else:
        turn.plan.say("dialog.done")


def offer(turn: Turn) -> None:
    """One library item that fits persona, stage and language and was not offered yet."""
    if any(reply.key == OFFER for reply in turn.plan.replies):
        return  # one offer per reply is plenty
    lead = turn.lead
    for item in turn.content.library:
        fits_persona = (
            lead.persona is None or lead.persona in item.personas or "any" in item.personas
        )
        if (
            item.locale == lead.language
            and item.stage == lead.stage
            and fits_persona
            and item.id not in turn.state.offered
        ):
            turn.state.offer(item.id)
            turn.plan.say(
                OFFER, title=item.title, buttons=(Button("library.read", "open", value=item.id),)
            )
            return


def confirm(turn: Turn, fact: Fact) -> None:
    """Quote back what we are unsure of and ask whether we got it right."""
    turn.state.confirm = fact.kind
    turn.plan.say(
        "dialog.confirm",
        quote=fact.quote,
        value=FactValue(fact.kind, fact.value),
        buttons=(
            Button("dialog.confirm_yes", "confirm", fact.kind, "yes"),
            Button("dialog.confirm_no", "confirm", fact.kind, "no"),
        ),
    )


async def after_message(
    turn: Turn,
    slot: str | None,
    recorded: dict[str, Fact],
    intent: str | None,
    signals_before: tuple[str | None, str],
) -> None:
    """After a message that did not hand the lead over: confirm an unsure answer, ask once
    more after a non-answer (then move on), offer what fits a new persona or stage, ask on."""
    fact = recorded.get(slot or "")
    if fact is not None and fact.confidence < turn.content.qualification.confirm_below:
        confirm(turn, fact)
        return
    if slot and not recorded and intent is None and not _move_on(turn, slot):
        return
    if (turn.lead.persona, turn.lead.stage) != signals_before:
        offer(turn)  # before the next question, which should come last
    await ask_next(turn)


def _move_on(turn: Turn, slot: str) -> bool:
    """A non-answer to `slot`: ask again with an example, or skip it after the last retry."""
    retries = turn.state.retries.get(slot, 0) + 1
    turn.state.retries[slot] = retries
    if retries <= turn.content.qualification.retries:
        turn.plan.say(f"questions.{slot}.retry", buttons=buttons(turn, slot))
        return False
    turn.state.skip(slot)
    turn.plan.say("dialog.skipped")
    return True
