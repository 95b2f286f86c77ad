"""The producer profile every program fills from: a mobile phone, a home address and counties besides the roster's.

Revision ID: 0101_profile
Revises: 0100_engine
"""

import sqlalchemy as sa
from alembic import op

revision = "0101_profile"
down_revision = "0100_engine"
branch_labels = None
depends_on = None

COLUMNS = ("mobile_phone", "county", "home_address1", "home_address2", "home_city", "home_state", "home_postal_code",
           "home_county")


def upgrade() -> None:
    with op.batch_alter_table("producer") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(), nullable=False, server_default=""))
    op.create_table(
        "profile_offer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False, index=True),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("profile_offer")
    with op.batch_alter_table("producer") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
