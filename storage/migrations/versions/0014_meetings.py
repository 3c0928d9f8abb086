"""meetings: reps' working hours and booked meetings, one booking per rep and start

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rep_hours",
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.String(32), nullable=False),
        sa.Column("opens", sa.String(5), nullable=False),
        sa.Column("closes", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["reps.id"], name="fk_rep_hours_rep_id_reps", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("rep_id", name="pk_rep_hours"),
    )
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(16), nullable=True),
        sa.Column("reminder_status", sa.String(16), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name="fk_meetings_lead_id_leads", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["reps.id"], name="fk_meetings_rep_id_reps", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name="fk_meetings_handover_id_handovers",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
    )
    op.create_index("ix_meetings_lead_id", "meetings", ["lead_id"])
    op.create_index("ix_meetings_rep_id", "meetings", ["rep_id"])
    op.create_index("ix_meetings_reminder_due", "meetings", ["reminder_status", "remind_at"])
    booked = sa.text("status = 'booked'")
    op.create_index(
        "uq_meetings_rep_slot",
        "meetings",
        ["rep_id", "starts_at"],
        unique=True,
        sqlite_where=booked,
        postgresql_where=booked,
    )


def downgrade() -> None:
    op.drop_table("meetings")
    op.drop_table("rep_hours")
