"""What the bot says after a message while it qualifies: the pending question stays pending
until it is answered, a non-answer gets one example, small talk a short answer, and an
offer comes only when it fits."""

from __future__ import annotations

from bot.qualify.dialog.asking import ask_next, move_on, need_topic, queue_unsure
from bot.qualify.dialog.offers import offer
from bot.qualify.dialog.reading import Reading
from bot.qualify.dialog.status import small_talk
from bot.qualify.dialog.turn import Turn
from bot.qualify.vocabulary import FactKind
from storage.facts import current_facts
from storage.models import Fact


async def respond(
    turn: Turn,
    reading: Reading,
    slot: str | None,
    recorded: dict[str, Fact],
    signals_before: tuple[str | None, str],
) -> None:
    """After a message that did not hand the lead over: quote back unsure facts, one at a
    time; ask once more after a non-answer (then move on); offer what fits a new need,
    persona or stage; ask on."""
    queue_unsure(turn, recorded)
    if small_talk(turn, reading, recorded):
        return
    if slot and _non_answer(turn, reading, recorded) and not move_on(turn, slot):
        return
    changed = (turn.lead.persona, turn.lead.stage) != signals_before
    if changed or FactKind.NEED in recorded:
        await offer(turn, need_topic(await current_facts(turn.session, turn.lead)))
    await ask_next(turn)


def _non_answer(turn: Turn, reading: Reading, recorded: dict[str, Fact]) -> bool:
    """Nothing in the message: no fact, question, request, language wish or small talk,
    and no confirmation waiting (which is asked again instead)."""
    said_something = (
        recorded
        or reading.intent
        or reading.cue("language_request")
        or reading.cue("small_talk")
        or reading.cue("correction")
    )
    return not said_something and turn.state.confirm is None
