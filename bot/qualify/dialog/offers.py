"""Offering library items: only one that fits the prospect's need, persona and stage, at
most once in a few turns, never two in a row; every offer is recorded as an event, so
offers and openings per item show which items work."""

from __future__ import annotations

from bot.content.library import LibraryItem
from bot.qualify.dialog.engagement import signal
from bot.qualify.dialog.turn import Turn
from bot.qualify.plan import Button
from bot.qualify.vocabulary import EventKind

OFFER = "dialog.offer"


async def offered(turn: Turn, item_id: str) -> None:
    """Record that an item was put in front of the prospect this turn."""
    turn.state.offer(item_id)
    turn.state.offer_turn = turn.state.turn
    await signal(turn, EventKind.CONTENT_OFFERED, item=item_id)


def may_offer(turn: Turn) -> bool:
    """No offer in this reply yet, and none in the last few turns."""
    if any(b.action == "open" for reply in turn.plan.replies for b in reply.buttons):
        return False
    last = turn.state.offer_turn
    return last is None or turn.state.turn - last >= turn.content.qualification.offer_every_turns


def fits(turn: Turn, item: LibraryItem, topic: str | None) -> bool:
    """The item is in the lead's language and stage, for its persona and its need."""
    lead = turn.lead
    return (
        item.locale == lead.language
        and item.stage == lead.stage
        and lead.persona is not None
        and (lead.persona in item.personas or "any" in item.personas)
        and topic is not None
        and topic in item.topics
        and item.id not in turn.state.offered
    )


async def offer(turn: Turn, topic: str | None) -> None:
    """Offer the first item that fits, if the time is right."""
    if not may_offer(turn):
        return
    item = next((item for item in turn.content.library if fits(turn, item, topic)), None)
    if item is None:
        return
    await offered(turn, item.id)
    read = Button("library.read", "open", value=item.id)
    turn.plan.say(OFFER, title=item.title, buttons=(read,))
