"""Covering index for the dashboard's counts and the oldest-first lists behind them.

Revision ID: 0008_dashboard
Revises: 0001
"""

from alembic import op

revision = "0008_dashboard"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_packet_program_status_updated", "packet", ["program", "status", "updated_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_packet_program_status_updated", table_name="packet")
