"""indexes for the report and the dashboard (bench/report.py shows the plans)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:00:00
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_events_kind": ("events", ["kind", "lead_id", "occurred_at"]),
    "ix_leads_created_at": ("leads", ["created_at"]),
    "ix_lifecycle_changes_reached": ("lifecycle_changes", ["lead_id", "to_state", "changed_at"]),
    "ix_messages_first": ("messages", ["lead_id", "direction", "sent_at"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
