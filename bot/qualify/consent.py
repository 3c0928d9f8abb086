"""What each consent choice grants, and what a lead's consent state allows."""

from __future__ import annotations

from enum import StrEnum


class Purpose(StrEnum):
    """What personal data is used for; each is granted or withdrawn on its own."""

    QUALIFICATION = "qualification"
    MARKETING = "marketing"


class ConsentChoice(StrEnum):
    """The buttons of the consent question."""

    ALL = "all"
    NO_MARKETING = "no_marketing"
    REFUSE = "refuse"


class ConsentState(StrEnum):
    """Where a lead stands; only GRANTED lets the bot keep what the prospect writes."""

    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


GRANTS: dict[ConsentChoice, dict[Purpose, bool]] = {
    ConsentChoice.ALL: {Purpose.QUALIFICATION: True, Purpose.MARKETING: True},
    ConsentChoice.NO_MARKETING: {Purpose.QUALIFICATION: True, Purpose.MARKETING: False},
    ConsentChoice.REFUSE: {Purpose.QUALIFICATION: False, Purpose.MARKETING: False},
}


def state_after(choice: ConsentChoice) -> ConsentState:
    """The consent state a choice leads to."""
    return ConsentState.REFUSED if choice is ConsentChoice.REFUSE else ConsentState.GRANTED


def may_store_personal_data(state: str) -> bool:
    """Only an explicit, standing consent allows keeping names, messages and facts."""
    return state == ConsentState.GRANTED


WITHDRAWAL: dict[Purpose, bool] = {purpose: False for purpose in Purpose}
