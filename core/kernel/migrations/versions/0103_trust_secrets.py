"""Secrets kept apart from outbox text; the demo marker; signatures flagged by how the signer got in.

Revision ID: 0103_trust_secrets
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0103_trust_secrets"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "databaseflag",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("set_at", UTC_DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # NULL marks the messages stored before this revision: their text may hold a secret in clear.
    with op.batch_alter_table("outboxmessage") as batch:
        batch.add_column(sa.Column("secrets_enc", sa.String(), nullable=True))
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("temp_password_issued_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("temp_password_issued_at", UTC_DATETIME(), nullable=True))
        batch.create_foreign_key("fk_account_temp_password_issued_by", "account", ["temp_password_issued_by"], ["id"])
    with op.batch_alter_table("login") as batch:
        batch.add_column(sa.Column("attribution_warning", sa.String(), nullable=False, server_default=""))
    with op.batch_alter_table("signature") as batch:
        batch.add_column(sa.Column("attribution_warning", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("signature") as batch:
        batch.drop_column("attribution_warning")
    with op.batch_alter_table("login") as batch:
        batch.drop_column("attribution_warning")
    with op.batch_alter_table("account") as batch:
        batch.drop_constraint("fk_account_temp_password_issued_by", type_="foreignkey")
        batch.drop_column("temp_password_issued_at")
        batch.drop_column("temp_password_issued_by")
    with op.batch_alter_table("outboxmessage") as batch:
        batch.drop_column("secrets_enc")
    op.drop_table("databaseflag")
