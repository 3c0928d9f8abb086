"""planning once: a follow-up step or campaign once per lead, an SLA step once per handover

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

PLANNED_ONCE = "kind != 'reminder'"


def upgrade() -> None:
    # Races before this revision planned some campaigns twice: keep the first of each.
    op.execute(
        "DELETE FROM scheduled_messages WHERE kind != 'reminder' AND id NOT IN "
        "(SELECT min(id) FROM scheduled_messages WHERE kind != 'reminder' GROUP BY lead_id, ref)"
    )
    op.create_index(
        "uq_scheduled_messages_planned",
        "scheduled_messages",
        ["lead_id", "ref"],
        unique=True,
        sqlite_where=sa.text(PLANNED_ONCE),
        postgresql_where=sa.text(PLANNED_ONCE),
    )
    op.create_table(
        "sla_steps",
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=96), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_sla_steps_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("handover_id", "stage", name=op.f("pk_sla_steps")),
    )


def downgrade() -> None:
    op.drop_table("sla_steps")
    op.drop_index("uq_scheduled_messages_planned", table_name="scheduled_messages")
