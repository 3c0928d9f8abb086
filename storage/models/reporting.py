"""Indexes for the report and the dashboard (storage/reporting/), on tables of other modules.

Measured with bench/report.py (100,000 leads, 1,000,000 events, SQLite); each replaces a
full scan shown by EXPLAIN QUERY PLAN with a search.
"""

from __future__ import annotations

from sqlalchemy import Index

from storage.models.lead import Event, Lead, LifecycleChange, Message

# Signals of one kind (meetings, questions, content offered and opened) without reading
# every event.
EVENTS_BY_KIND = Index("ix_events_kind", Event.kind, Event.lead_id, Event.occurred_at)
# Windows by start time ("since 2026-11-01") search instead of scanning every lead.
LEADS_BY_START = Index("ix_leads_created_at", Lead.created_at)
# The furthest lifecycle step per lead, read from the index alone.
LIFECYCLE_REACHED = Index(
    "ix_lifecycle_changes_reached",
    LifecycleChange.lead_id,
    LifecycleChange.to_state,
    LifecycleChange.changed_at,
)
# A lead's first message in and first reply out, read from the index alone.
MESSAGES_FIRST = Index("ix_messages_first", Message.lead_id, Message.direction, Message.sent_at)

REPORT_INDEXES = (EVENTS_BY_KIND, LEADS_BY_START, LIFECYCLE_REACHED, MESSAGES_FIRST)
