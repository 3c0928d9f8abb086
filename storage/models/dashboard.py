"""Indexes for the dashboard's leads table (storage/reporting/dashboard.py).

Measured with bench/dashboard.py (100,000 leads, SQLite): without it every page of the
table sorted all leads by activity; with it a page walks the index alone.
"""

from __future__ import annotations

from sqlalchemy import Index

from storage.models.lead import Lead

# Most recently active first, ties by id: the table's order, read from the index alone.
LEADS_BY_ACTIVITY = Index("ix_leads_last_seen", Lead.last_seen_at, Lead.id)

DASHBOARD_INDEXES = (LEADS_BY_ACTIVITY,)
