"""Call notes on packets.

Revision ID: 0007_call_notes
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_call_notes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "callnote",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("text_enc", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_callnote_packet_id", "callnote", ["packet_id"])


def downgrade() -> None:
    op.drop_index("ix_callnote_packet_id", table_name="callnote")
    op.drop_table("callnote")
