"""A packet's entity type (individual, or a variant of its program such as an agency; issue 14).

Revision ID: 0107_packet_entity
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0107_packet_entity"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.add_column(sa.Column("entity_type", sa.String(), nullable=False, server_default="individual"))


def downgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.drop_column("entity_type")
