"""Search keys on producers: either name order, email, phone digits, birth date blind index.

Revision ID: 0006_search
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_search"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("producer") as batch:
        batch.add_column(sa.Column("name_alt", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("email_key", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("phone_key", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("birth_index", sa.String(), nullable=False, server_default=""))
    op.create_index("ix_producer_name_alt", "producer", ["name_alt"])
    op.create_index("ix_producer_email_key", "producer", ["email_key"])
    op.create_index("ix_producer_phone_key", "producer", ["phone_key"])
    op.create_index("ix_producer_last4_name", "producer", ["tin_last4", "name_key"])
    op.create_index("ix_packet_producer_updated", "packet", ["producer_id", "updated_at"])
    if op.get_bind().dialect.name == "postgresql":
        # Prefix ranges compare bytes (as SQLite does), whatever the database's collation.
        for column in ("name_key", "name_alt"):
            op.execute(f'CREATE INDEX ix_producer_{column}_c ON producer ({column} COLLATE "C", id)')
        op.execute('CREATE INDEX ix_producer_last4_name_c ON producer (tin_last4, name_key COLLATE "C")')


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in ("ix_producer_name_key_c", "ix_producer_name_alt_c", "ix_producer_last4_name_c"):
            op.execute(f"DROP INDEX {name}")
    op.drop_index("ix_packet_producer_updated", table_name="packet")
    for name in ("ix_producer_last4_name", "ix_producer_phone_key", "ix_producer_email_key", "ix_producer_name_alt"):
        op.drop_index(name, table_name="producer")
    with op.batch_alter_table("producer") as batch:
        for column in ("birth_index", "phone_key", "email_key", "name_alt"):
            batch.drop_column(column)
