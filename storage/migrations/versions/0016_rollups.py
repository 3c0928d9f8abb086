"""day summaries of the funnel and of content offers, and what finds changes since them

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

COUNTS = ("started", "consented", "qualified", "mql", "sal", "sql", "won", "lost", "recycled")
INDEXES = (
    ("ix_consents_recorded_at", "consents", ["recorded_at"]),
    ("ix_facts_recorded_at", "facts", ["recorded_at"]),
    ("ix_lifecycle_changes_changed_at", "lifecycle_changes", ["changed_at"]),
    ("ix_events_kind_time", "events", ["kind", "occurred_at"]),
)


def upgrade() -> None:
    op.create_table(
        "funnel_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("persona", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.PrimaryKeyConstraint("day", "source", "persona", "language", name="pk_funnel_days"),
    )
    op.create_table(
        "content_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("offered", sa.Integer(), nullable=False),
        sa.Column("opened", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "item", name="pk_content_days"),
    )
    op.create_table(
        "rollup_marks",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("covered_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_rollup_marks"),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("rollup_marks")
    op.drop_table("content_days")
    op.drop_table("funnel_days")
