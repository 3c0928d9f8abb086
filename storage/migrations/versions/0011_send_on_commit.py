"""every outgoing message in the outbox: rows without a lead, per-chat order

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        # A reply to a rep or to a stranger belongs to no lead.
        batch_op.alter_column("lead_id", existing_type=sa.Integer(), nullable=True)
        # The claim looks for an earlier unsent row of the same chat (order per chat).
        batch_op.create_index("ix_outbox_chat_status", ["chat_id", "status"])


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_chat_status")
        batch_op.alter_column("lead_id", existing_type=sa.Integer(), nullable=False)
