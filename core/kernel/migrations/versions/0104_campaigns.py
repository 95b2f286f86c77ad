"""Recontracting campaigns: campaign, campaign_member and the campaign_count summary (issue 15).

Revision ID: 0104_campaigns
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0104_campaigns"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("program", sa.String(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaign_program", "campaign", ["program"])
    op.create_table(
        "campaign_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("packet_id", sa.Integer(), nullable=False),
        sa.Column("tin_index", sa.String(), nullable=False),
        sa.Column("agency", sa.String(), nullable=False),
        sa.Column("states", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reminders_sent", sa.String(), nullable=False),
        sa.Column("warned_at", UTC_DATETIME(), nullable=True),
        sa.Column("expired_at", UTC_DATETIME(), nullable=True),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.ForeignKeyConstraint(["packet_id"], ["packet.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("packet_id"),
        sa.UniqueConstraint("campaign_id", "tin_index", name="uq_campaign_member_tin"),
    )
    op.create_index("ix_campaign_member_campaign_id", "campaign_member", ["campaign_id"])
    op.create_index("ix_campaign_member_tin_index", "campaign_member", ["tin_index"])
    # The lists behind the dashboard's numbers: by status, then state or agency, a page at a time.
    op.create_index("ix_campaign_member_list", "campaign_member", ["campaign_id", "status", "id"])
    op.create_index("ix_campaign_member_agency", "campaign_member", ["campaign_id", "agency", "status", "id"])
    op.create_table(
        "campaign_count",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.PrimaryKeyConstraint("campaign_id", "dimension", "value", "status"),
    )


def downgrade() -> None:
    op.drop_table("campaign_count")
    op.drop_index("ix_campaign_member_agency", table_name="campaign_member")
    op.drop_index("ix_campaign_member_list", table_name="campaign_member")
    op.drop_index("ix_campaign_member_tin_index", table_name="campaign_member")
    op.drop_index("ix_campaign_member_campaign_id", table_name="campaign_member")
    op.drop_table("campaign_member")
    op.drop_index("ix_campaign_program", table_name="campaign")
    op.drop_table("campaign")
