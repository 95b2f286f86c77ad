"""Applications are records of their program (core/packets/records.py): ifm_application goes.

Its record number was already the packet's key; its client app id is the key's number plus the declared offset
(data/ifm/forms/screens.toml); who started it is in the history ("ifm application started"); its expiry and
quote moved to the packet (0114). The counter of its record numbers takes the program's name.

Revision ID: 0115_drop_ifm_application
Revises: 0114_packet_records
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0115_drop_ifm_application"
down_revision = "0114_packet_records"
branch_labels = None
depends_on = ("0112_packet_payments", "0101_trust")  # 0112 reads ifm_application before it goes; 0101 made key_counter

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime
PROGRAM = "ifm_enrollment"
OFFSET = 1200
"""A-0001 is client app 1201 (seed 003)."""


def upgrade() -> None:
    op.execute(f"UPDATE key_counter SET name = '{PROGRAM}' WHERE name = 'ifm_application'")
    op.drop_table("ifm_application")


def downgrade() -> None:
    op.create_table(
        "ifm_application",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("packet_id", sa.Integer(), sa.ForeignKey("packet.id"), nullable=False),
        sa.Column("record_number", sa.String(), nullable=False),
        sa.Column("client_app_id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), sa.ForeignKey("ifm_quote.id"), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("expires_at", UTC_DATETIME(), nullable=True),
        sa.UniqueConstraint("client_app_id", name="uq_ifm_application_client_app_id"),
    )
    op.create_index("ix_ifm_application_record_number", "ifm_application", ["record_number"], unique=True)
    op.create_index("ix_ifm_application_quote_id", "ifm_application", ["quote_id"])
    op.create_index("ix_ifm_application_packet_id", "ifm_application", ["packet_id"], unique=True)
    op.execute(
        "INSERT INTO ifm_application (packet_id, record_number, client_app_id, quote_id, created_by, expires_at) "
        f"SELECT p.id, p.key, CAST(SUBSTR(p.key, 3) AS INTEGER) + {OFFSET}, p.origin_id, "
        "COALESCE((SELECT MIN(e.account_id) FROM event e WHERE e.packet_id = p.id "
        "AND e.kind = 'ifm application started'), p.account_id), p.expires_at "
        f"FROM packet p WHERE p.program = '{PROGRAM}' ORDER BY p.id")
    op.execute(f"UPDATE key_counter SET name = 'ifm_application' WHERE name = '{PROGRAM}'")
