"""Drafts of staff forms that are not packet pages (the invite form).

Revision ID: 0106_form_drafts
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0106_form_drafts"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "formdraft",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), primary_key=True),
        sa.Column("form", sa.String(length=40), primary_key=True),
        sa.Column("values_enc", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("formdraft")
