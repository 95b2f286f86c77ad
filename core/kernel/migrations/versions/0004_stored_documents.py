"""Executed documents kept as PDFs with their hashes (certificate of completion, tamper checks).

Revision ID: 0004_stored_documents
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_stored_documents"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "storeddocument",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_storeddocument_packet_id", "storeddocument", ["packet_id"])


def downgrade() -> None:
    op.drop_index("ix_storeddocument_packet_id", table_name="storeddocument")
    op.drop_table("storeddocument")
