"""Callback data of every inline button; anything else that arrives is stale or forged.

The packed strings ("q:answer:need:ticketing", "h:accept:7:") are what buttons already
sent in chats carry, so prefixes, field order and values stay as they are. Enum fields
accept the plain strings equal to their values; data that does not unpack (a forged
action) matches no handler and is answered by the fallback as an expired button.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from pydantic import field_validator

from bot.qualify.consent import ConsentChoice
from bot.qualify.ids import ROW_ID_MAX
from bot.qualify.vocabulary import RejectReason


class QualifyAction(StrEnum):
    """What a quick reply under a bot message does."""

    ANSWER = "answer"  # an option of the open question
    SKIP = "skip"  # skip the open question
    CONFIRM = "confirm"  # yes or no to "did I get that right?"
    HUMAN = "human"  # talk to a person
    OPEN = "open"  # open a library item


class HandoverAction(StrEnum):
    """A rep's buttons on a handover card, and the reasons asked after a reject."""

    ACCEPT = "accept"
    REJECT = "reject"
    REASON = "reason"


class BookingAction(StrEnum):
    """A meeting button: pick a slot (book, or move a meeting there), move, or cancel."""

    PICK = "pick"
    MOVE = "move"
    CANCEL = "cancel"


class ConsentCallback(CallbackData, prefix="consent"):
    choice: ConsentChoice


class PrivacyCallback(CallbackData, prefix="privacy"):
    pass


class ForgetCallback(CallbackData, prefix="forget"):
    confirm: bool


class LanguageCallback(CallbackData, prefix="lang"):
    code: str  # a locale of content/locales, which decides what exists


class QualifyCallback(CallbackData, prefix="q"):
    action: QualifyAction
    slot: str = ""
    value: str = ""


class HandoverCallback(CallbackData, prefix="h"):
    """A rep's decision on a handover; bot.presentation.notices packs it for the card."""

    action: HandoverAction
    handover: int
    reason: RejectReason | None = None

    @field_validator("handover")
    @classmethod
    def _a_row_id(cls, value: int) -> int:
        # A forged 20-digit id would overflow the database: it does not unpack instead.
        if not 1 <= value <= ROW_ID_MAX:
            raise ValueError("not a handover id")
        return value

    @field_validator("reason", mode="before")
    @classmethod
    def _no_reason(cls, value: object) -> object:
        # Accept and reject buttons carry an empty reason ("h:accept:7:").
        return None if value == "" else value


class BookingCallback(CallbackData, prefix="m"):
    """A slot (`rep`, `at` in minutes since the epoch; `meeting` when a rep moves one) or a
    booked meeting to move or cancel; bot.presentation.booking packs it."""

    action: BookingAction
    meeting: int = 0
    rep: int = 0
    at: int = 0
