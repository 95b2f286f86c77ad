"""One save path: who saved a packet last (so one person's own saves never conflict) and drafts per session.

Revision ID: 0100_engine
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0100_engine"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.add_column(sa.Column("last_login_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("run_from_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "packet_draft",
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("login_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("values_enc", sa.String(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("packet_id", "account_id", "login_id", "step"),
    )
    op.execute(
        "INSERT INTO packet_draft (packet_id, account_id, login_id, step, values_enc, updated_at) "
        "SELECT packet_id, account_id, 0, step, values_enc, updated_at FROM draft"
    )
    op.drop_table("draft")


def downgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("values_enc", sa.String(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("packet_id", "account_id", "step"),
    )
    op.drop_table("packet_draft")
    with op.batch_alter_table("packet") as batch:
        batch.drop_column("run_from_version")
        batch.drop_column("last_login_id")
