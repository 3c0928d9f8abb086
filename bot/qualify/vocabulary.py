"""The words of the sales domain as enums: one place that lists each kind of thing.

Each value is the string stored in the database and named in `content/`, so a StrEnum
member compares equal to the column value and a typo is a type error, not a silent miss.
"""

from __future__ import annotations

from enum import StrEnum


class Locale(StrEnum):
    """A language the bot speaks and reads."""

    DE = "de"
    EN = "en"


class FactKind(StrEnum):
    """One qualification fact a prospect can state."""

    CUSTOMER = "customer"
    NEED = "need"
    COMPANY_SIZE = "company_size"
    ROLE = "role"
    TIMEFRAME = "timeframe"
    BUDGET = "budget"
    AUTHORITY = "authority"
    # How to reach the prospect, asked once when they go to a person (dialog/contact.py).
    COMPANY = "company"
    PHONE = "phone"  # shared with Telegram's button: the prospect's own number only
    EMAIL = "email"
    CONTACT = "contact"  # the way they prefer: phone, email or telegram


# The facts read from free text by the extraction (the rest are asked or derived).
EXTRACTED: tuple[FactKind, ...] = (
    FactKind.COMPANY_SIZE,
    FactKind.ROLE,
    FactKind.TIMEFRAME,
    FactKind.BUDGET,
    FactKind.AUTHORITY,
)


class Intent(StrEnum):
    """What a message asks the bot to do, beyond stating facts."""

    HUMAN = "human"
    STOP = "stop"
    NOT_INTERESTED = "not_interested"
    QUESTION = "question"


class EventKind(StrEnum):
    """An engagement signal; its weight lives in content/scoring.yaml under engagement.events."""

    CONSENT = "consent"
    MESSAGE = "message"
    BUTTON = "button"
    ANSWER = "answer"
    QUESTION = "question"
    CONTENT_OFFERED = "content_offered"  # weighs nothing: offered against opened per item
    CONTENT_OPENED = "content_opened"
    RETURN = "return"
    PRICE_QUESTION = "price_question"
    TRIAL_REQUEST = "trial_request"
    CONTRACT_QUESTION = "contract_question"
    DEMO_REQUEST = "demo_request"
    HUMAN_REQUEST = "human_request"
    FOLLOWUP_REPLY = "followup_reply"  # a message that answers a follow-up the bot sent
    MEETING_BOOKED = "meeting_booked"
    NURTURE_SENT = "nurture_sent"  # a follow-up went out; weighs nothing, marks the time
    BOT_BLOCKED = "bot_blocked"  # Telegram refused a message: the chat blocked the bot


class Score(StrEnum):
    """A score whose every change is kept with rule and reason (score_changes.score)."""

    ENGAGEMENT = "engagement"
    PERSONA = "persona"
    FIT = "fit"
    TEMPERATURE = "temperature"


class HandoverStatus(StrEnum):
    """A handover from the bot to a person, from opened to decided."""

    PENDING = "pending"  # opened, no rep could take it yet
    OFFERED = "offered"  # a rep has the card and has not decided
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ESCALATED = "escalated"  # nobody accepted in time; the manager chat decides
    CANCELLED = "cancelled"  # the prospect withdrew or erased


OPEN_HANDOVER: tuple[HandoverStatus, ...] = (HandoverStatus.PENDING, HandoverStatus.OFFERED)


class HandoverReason(StrEnum):
    """Why a lead went to a person."""

    SALES_READY = "sales_ready"
    HUMAN_REQUEST = "human_request"
    CUSTOMER = "customer"


class RejectReason(StrEnum):
    """Why a rep turned a lead down (the buttons under a card)."""

    NO_FIT = "no_fit"
    NO_BUDGET = "no_budget"
    TIMING = "timing"
    DUPLICATE = "duplicate"
    OTHER = "other"


class DeliveryStatus(StrEnum):
    """A piece of due work: an outbox message, a follow-up, a CRM change."""

    PENDING = "pending"
    CLAIMED = "claimed"
    SENDING = "sending"  # the request is made: Telegram may have taken it (storage/claims.py)
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNSURE = "unsure"  # a send cut off by a crash, presumed delivered and not made again


class FollowUpKind(StrEnum):
    """Where a planned follow-up comes from in content/nurture.yaml."""

    SEQUENCE = "sequence"
    REMINDER = "reminder"
    CAMPAIGN = "campaign"


class Direction(StrEnum):
    """Which way a stored message went."""

    IN = "in"
    OUT = "out"
