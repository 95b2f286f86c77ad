"""Trust (issue 13): staff sign-in delays, atomic key counters, the key check.

Revision ID: 0101_trust
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0101_trust"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("name_key", sa.String(), primary_key=True),
        sa.Column("source", sa.String(), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "keyring",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("check_value", sa.String(), nullable=False),
        sa.Column("token_key_enc", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("rotated_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "key_counter",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("key_counter")
    op.drop_table("keyring")
    op.drop_table("login_throttle")
