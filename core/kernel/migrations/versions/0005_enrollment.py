"""IFM enrollment: quotes, applications and payments.

Revision ID: 0005_enrollment
Revises: 0001
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_enrollment"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "ifm_quote",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("producer_id", sa.Integer(), sa.ForeignKey("producer.id"), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("zip", sa.String(), nullable=False),
        sa.Column("county", sa.String(), nullable=False),
        sa.Column("rating_area", sa.String(), nullable=False),
        sa.Column("household_enc", sa.String(), nullable=False),
        sa.Column("medical_plan_id", sa.String(), nullable=False),
        sa.Column("dental_plan_id", sa.String(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("monthly_premium_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
    )
    op.create_index("ix_ifm_quote_producer_id", "ifm_quote", ["producer_id"])
    op.create_index("ix_ifm_quote_updated_at", "ifm_quote", ["updated_at"])
    op.create_table(
        "ifm_application",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("record_number", sa.String(), nullable=False),
        sa.Column("client_app_id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), sa.ForeignKey("ifm_quote.id"), nullable=True),
        sa.Column("producer_id", sa.Integer(), sa.ForeignKey("producer.id"), nullable=False),
        sa.Column("writing_number", sa.String(), nullable=False),
        sa.Column("producer_name", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("current_step", sa.Integer(), nullable=False),
        sa.Column("answers_enc", sa.String(), nullable=False),
        sa.Column("applicant_name", sa.String(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("monthly_premium_cents", sa.Integer(), nullable=False),
        sa.Column("medical_plan_id", sa.String(), nullable=False),
        sa.Column("dental_plan_id", sa.String(), nullable=False),
        sa.Column("payment_choice", sa.String(), nullable=False),
        sa.Column("payment_status", sa.String(), nullable=False),
        sa.Column("failure_reason", sa.String(), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=True),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME(), nullable=False),
        sa.Column("submitted_at", UTC_DATETIME(), nullable=True),
        sa.UniqueConstraint("client_app_id", name="uq_ifm_application_client_app_id"),
    )
    op.create_index("ix_ifm_application_record_number", "ifm_application", ["record_number"], unique=True)
    op.create_index("ix_ifm_application_quote_id", "ifm_application", ["quote_id"])
    op.create_index("ix_ifm_application_producer_id", "ifm_application", ["producer_id"])
    op.create_index("ix_ifm_application_status", "ifm_application", ["status"])
    op.create_index("ix_ifm_application_updated_at", "ifm_application", ["updated_at"])
    op.create_table(
        "ifm_payment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("application_id", sa.Integer(), sa.ForeignKey("ifm_application.id"), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("brand", sa.String(), nullable=False),
        sa.Column("last4", sa.String(), nullable=False),
        sa.Column("routing_enc", sa.String(), nullable=True),
        sa.Column("account_enc", sa.String(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=False),
        sa.Column("autopay", sa.Boolean(), nullable=False),
        sa.Column("confirmation", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
    )
    op.create_index("ix_ifm_payment_application_id", "ifm_payment", ["application_id"])


def downgrade() -> None:
    op.drop_table("ifm_payment")
    op.drop_table("ifm_application")
    op.drop_table("ifm_quote")
