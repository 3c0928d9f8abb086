"""the dashboard's leads table in order of activity (bench/dashboard.py shows the plans)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 19:40:00
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_leads_last_seen", "leads", ["last_seen_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_leads_last_seen", table_name="leads")
