"""An agency's name on its packet (entity_name) and its folded search key (entity_key, indexed): the desk
finds an agency's packet by the agency's name, not only by its principal's.

Existing agency packets take the name their invitation put in the answers (a field named agency_name,
the invitation's own name for it).

Revision ID: 0111_packet_entity_name
Revises: 0107_packet_entity
"""

import json

import sqlalchemy as sa
from alembic import op

from core.forms.names import compact_key

revision = "0111_packet_entity_name"
down_revision = "0107_packet_entity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.add_column(sa.Column("entity_name", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("entity_key", sa.String(), nullable=False, server_default=""))
        batch.create_index("ix_packet_entity_key", ["entity_key"])
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, answers_json FROM packet WHERE entity_type <> 'individual'")).all()
    for packet_id, raw in rows:
        answers = json.loads(raw or "{}")
        names = [v.get("agency_name") for v in answers.values() if isinstance(v, dict)]
        name = next((n.strip() for n in names if isinstance(n, str) and n.strip()), "")
        if name:
            bind.execute(sa.text("UPDATE packet SET entity_name = :name, entity_key = :key WHERE id = :id"),
                         {"name": name, "key": compact_key(name), "id": packet_id})


def downgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.drop_index("ix_packet_entity_key")
        batch.drop_column("entity_key")
        batch.drop_column("entity_name")
