"""Tables, one module per side of the business; `from storage.models import X` for any of them."""

from storage.models.base import (
    NAMING,
    Base,
    DialogStateData,
    EventDetail,
    FactData,
    Timestamp,
    UTCDateTime,
)
from storage.models.delivery import ErasedChat, Outbox, ProcessedUpdate, ScheduledMessage
from storage.models.lead import (
    Consent,
    Event,
    Fact,
    Lead,
    LifecycleChange,
    Message,
    ScoreChange,
    UnansweredQuestion,
)
from storage.models.planning import SlaStep
from storage.models.sales import Customer, Handover, Rep

__all__ = [
    "NAMING",
    "Base",
    "Consent",
    "Customer",
    "DialogStateData",
    "ErasedChat",
    "Event",
    "EventDetail",
    "Fact",
    "FactData",
    "Handover",
    "Lead",
    "LifecycleChange",
    "Message",
    "Outbox",
    "ProcessedUpdate",
    "Rep",
    "ScheduledMessage",
    "ScoreChange",
    "SlaStep",
    "Timestamp",
    "UTCDateTime",
    "UnansweredQuestion",
]
