"""The outbox worker's columns: queue, attempts, next try, claim and bounce (issue 15).

Revision ID: 0105_outbox_worker
Revises: 0104_campaigns
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0105_outbox_worker"
down_revision = "0104_campaigns"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("outboxmessage") as batch:
        batch.add_column(sa.Column("queue", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", UTC_DATETIME(), nullable=True))
        batch.add_column(sa.Column("claimed_until", UTC_DATETIME(), nullable=True))
        batch.add_column(sa.Column("bounced_at", UTC_DATETIME(), nullable=True))
    # The worker's question, "what is due?", answered from an index whatever the outbox's size.
    op.create_index("ix_outboxmessage_queue_due", "outboxmessage", ["queue", "sent_at", "bounced_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_outboxmessage_queue_due", table_name="outboxmessage")
    with op.batch_alter_table("outboxmessage") as batch:
        for column in ("bounced_at", "claimed_until", "next_attempt_at", "attempts", "queue"):
            batch.drop_column(column)
