"""HCSC onboarding: uploaded files (bytes in the database) and unique producer identification numbers.

Revision ID: 0003_onboarding
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (UTCDateTime, as in the models)
from alembic import op

revision = "0003_onboarding"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onboarding_upload",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("content_type", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("uploaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("replaced_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    )
    op.create_index("ix_onboarding_upload_packet_id", "onboarding_upload", ["packet_id"])
    op.create_index("ix_onboarding_upload_sha256", "onboarding_upload", ["sha256"])
    op.create_table(
        "onboarding_producer_number",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("producer_id", sa.Integer(), sa.ForeignKey("producer.id"), nullable=False),
        sa.Column("issued_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("issued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("packet_id", name="uq_onboarding_producer_number_packet_id"),
    )
    op.create_index("ix_onboarding_producer_number_number", "onboarding_producer_number", ["number"], unique=True)
    op.create_index("ix_onboarding_producer_number_producer_id", "onboarding_producer_number", ["producer_id"])


def downgrade() -> None:
    op.drop_index("ix_onboarding_producer_number_producer_id", table_name="onboarding_producer_number")
    op.drop_index("ix_onboarding_producer_number_number", table_name="onboarding_producer_number")
    op.drop_table("onboarding_producer_number")
    op.drop_index("ix_onboarding_upload_sha256", table_name="onboarding_upload")
    op.drop_index("ix_onboarding_upload_packet_id", table_name="onboarding_upload")
    op.drop_table("onboarding_upload")
