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
from storage.models.dashboard import DASHBOARD_INDEXES
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
from storage.models.meetings import Meeting, RepHours
from storage.models.planning import SlaStep
from storage.models.reporting import REPORT_INDEXES
from storage.models.rollup import ROLLUP_INDEXES, ContentDay, FunnelDay, RollupMark
from storage.models.sales import Customer, Handover, Rep

__all__ = [
    "DASHBOARD_INDEXES",
    "NAMING",
    "REPORT_INDEXES",
    "ROLLUP_INDEXES",
    "Base",
    "Consent",
    "ContentDay",
    "Customer",
    "DialogStateData",
    "ErasedChat",
    "Event",
    "EventDetail",
    "Fact",
    "FactData",
    "FunnelDay",
    "Handover",
    "Lead",
    "LifecycleChange",
    "Meeting",
    "Message",
    "Outbox",
    "ProcessedUpdate",
    "Rep",
    "RepHours",
    "RollupMark",
    "ScheduledMessage",
    "ScoreChange",
    "SlaStep",
    "Timestamp",
    "UTCDateTime",
    "UnansweredQuestion",
]
