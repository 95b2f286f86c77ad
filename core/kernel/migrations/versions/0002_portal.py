"""Producer portal: delegates, one-time codes, email links, login steps, typing profiles, devices.

Revision ID: 0002_portal
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_portal"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def _account_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["account_id"], ["account.id"])


def upgrade() -> None:
    op.create_table(
        "portal_account",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("email_verified_at", UTC_DATETIME(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        _account_fk(),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("account_id"),
    )
    with op.batch_alter_table("portal_account") as batch:
        batch.create_index("ix_portal_account_kind", ["kind"])

    op.create_table(
        "portal_delegate_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegate_account_id", sa.Integer(), nullable=False),
        sa.Column("producer_account_id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("states", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("changed_at", UTC_DATETIME(), nullable=False),
        sa.ForeignKeyConstraint(["delegate_account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["producer_account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["producer_id"], ["producer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("delegate_account_id", "producer_account_id"),
    )
    with op.batch_alter_table("portal_delegate_link") as batch:
        batch.create_index("ix_portal_delegate_link_delegate_account_id", ["delegate_account_id"])
        batch.create_index("ix_portal_delegate_link_producer_account_id", ["producer_account_id"])
        batch.create_index("ix_portal_delegate_link_producer_id", ["producer_id"])

    op.create_table(
        "portal_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("code_hash", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=False),
        sa.Column("used_at", UTC_DATETIME(), nullable=True),
        sa.Column("voided_at", UTC_DATETIME(), nullable=True),
        _account_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("portal_code") as batch:
        batch.create_index("ix_portal_code_account_id", ["account_id"])

    op.create_table(
        "portal_email_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("selector", sa.String(), nullable=False),
        sa.Column("verifier_hash", sa.String(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=False),
        sa.Column("used_at", UTC_DATETIME(), nullable=True),
        sa.Column("voided_at", UTC_DATETIME(), nullable=True),
        _account_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("portal_email_link") as batch:
        batch.create_index("ix_portal_email_link_account_id", ["account_id"])
        batch.create_index("ix_portal_email_link_selector", ["selector"], unique=True)

    op.create_table(
        "portal_challenge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("ticket_hash", sa.String(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=False),
        sa.Column("verified_at", UTC_DATETIME(), nullable=True),
        sa.Column("completed_at", UTC_DATETIME(), nullable=True),
        sa.Column("typing_attempts", sa.Integer(), nullable=False),
        _account_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("portal_challenge") as batch:
        batch.create_index("ix_portal_challenge_account_id", ["account_id"])

    op.create_table(
        "portal_typing_profile",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.String(), nullable=False),
        sa.Column("features_enc", sa.String(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", UTC_DATETIME(), nullable=False),
        _account_fk(),
        sa.PrimaryKeyConstraint("account_id"),
    )

    op.create_table(
        "portal_device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("selector", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=False),
        sa.Column("last_used_at", UTC_DATETIME(), nullable=True),
        sa.Column("revoked_at", UTC_DATETIME(), nullable=True),
        _account_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("portal_device") as batch:
        batch.create_index("ix_portal_device_account_id", ["account_id"])
        batch.create_index("ix_portal_device_selector", ["selector"], unique=True)


def downgrade() -> None:
    for table in (
        "portal_device", "portal_typing_profile", "portal_challenge", "portal_email_link",
        "portal_code", "portal_delegate_link", "portal_account",
    ):
        op.drop_table(table)
