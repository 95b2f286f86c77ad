"""A packet that is a record of its program (core/packets/records.py) keeps when it expires and what it was
started from: an application's expiry and quote move there from ifm_application (0115 drops that table).

Revision ID: 0114_packet_records
Revises: 0113_submit_reason
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0114_packet_records"
down_revision = "0113_submit_reason"
branch_labels = None
depends_on = None

UTC_DATETIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.add_column(sa.Column("expires_at", UTC_DATETIME(), nullable=True))
        batch.add_column(sa.Column("origin_id", sa.Integer(), nullable=True))
        batch.create_index("ix_packet_origin_id", ["origin_id"])
    for column, source in (("expires_at", "expires_at"), ("origin_id", "quote_id")):
        op.execute(f"UPDATE packet SET {column} = (SELECT a.{source} FROM ifm_application a WHERE a.packet_id = packet.id) "
                   "WHERE id IN (SELECT packet_id FROM ifm_application)")


def downgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.drop_index("ix_packet_origin_id")
        batch.drop_column("origin_id")
        batch.drop_column("expires_at")
