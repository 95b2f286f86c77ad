"""A packet's payment is generic (core.payments): packet_payment replaces ifm_payment, and the payment status an
application kept (ifm_application.payment_status) is read from it and the program's [payment] table.

Each payment taken moves over under its application's packet ("Successful" becomes "paid"). An application
whose status said "Bill by mail" gets a "later" row after them, so it still reads so whatever its Pay Now or
Pay Later answer; "Pending" and "" were what the answer and the packet's status now say by themselves.

Revision ID: 0112_packet_payments
Revises: 0111_packet_entity_name
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0112_packet_payments"
down_revision = "0111_packet_entity_name"
branch_labels = None
depends_on = "0110_enrollment_packets"  # ifm_application.packet_id

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
COLUMNS = ("method", "brand", "last4", "routing_enc", "account_enc", "amount_cents", "payment_date", "autopay",
           "confirmation")


def upgrade() -> None:
    op.create_table(
        "packet_payment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("brand", sa.String(), nullable=False),
        sa.Column("last4", sa.String(), nullable=False),
        sa.Column("routing_enc", sa.String(), nullable=True),
        sa.Column("account_enc", sa.String(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=True),
        sa.Column("autopay", sa.Boolean(), nullable=False),
        sa.Column("confirmation", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("created_at", UTC_DATETIME(), nullable=False),
    )
    op.create_index("ix_packet_payment_packet_id", "packet_payment", ["packet_id"])
    kept = ", ".join(COLUMNS)
    op.execute(
        f"INSERT INTO packet_payment (packet_id, {kept}, status, created_by, created_at) "
        f"SELECT a.packet_id, {', '.join(f'p.{c}' for c in COLUMNS)}, "
        "CASE p.status WHEN 'Successful' THEN 'paid' ELSE p.status END, p.created_by, p.created_at "
        "FROM ifm_payment p JOIN ifm_application a ON a.id = p.application_id ORDER BY p.id"
    )
    op.execute(
        "INSERT INTO packet_payment (packet_id, method, brand, last4, amount_cents, autopay, confirmation, status, "
        "created_by, created_at) "
        "SELECT a.packet_id, '', '', '', 0, false, '', 'later', a.created_by, k.updated_at "
        "FROM ifm_application a JOIN packet k ON k.id = a.packet_id WHERE a.payment_status = 'Bill by mail' "
        "ORDER BY a.id"
    )
    op.drop_index("ix_ifm_payment_application_id", table_name="ifm_payment")
    op.drop_table("ifm_payment")
    with op.batch_alter_table("ifm_application") as batch:
        batch.drop_column("payment_status")


def downgrade() -> None:
    raise NotImplementedError("Payments stay the packet's: restore a backup to go back.")
