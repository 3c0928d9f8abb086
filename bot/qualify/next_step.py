"""The step a rep should take next with a lead, chosen by what is known and what is missing;
the card says it in words from content/ (card.next_steps.<step>, card.reach.<way>)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.qualify.vocabulary import EventKind, FactKind

DECIDES = "decision_maker"


def next_step(facts: Mapping[str, Any], events: Mapping[str, int], is_customer: bool) -> str:
    """A customer goes to the account team; otherwise the first gap a call should close:
    the budget, who else decides, the pricing they asked about, the start; else a demo."""
    if is_customer:
        return "customer"
    budget = facts.get(FactKind.BUDGET)
    if not isinstance(budget, dict) or budget.get("status") != "known":
        return "confirm_budget"
    if facts.get(FactKind.AUTHORITY) not in (None, DECIDES):
        return "meet_decider"
    if events.get(EventKind.PRICE_QUESTION):
        return "send_pricing"
    if FactKind.TIMEFRAME not in facts:
        return "ask_timeframe"
    return "book_demo"


def reach(facts: Mapping[str, Any]) -> str:
    """How the prospect wants to be reached: phone, email, telegram, or none said."""
    way = facts.get(FactKind.CONTACT)
    return str(way) if way in ("phone", "email", "telegram") else "none"
