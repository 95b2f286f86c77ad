"""Why a packet is in its status when something refused it (packet.status_reason): a carrier's reasons for
refusing an application move there from ifm_application.failure_reason, which goes.

After applications became packets (0110): it reads ifm_application.packet_id.

Revision ID: 0113_submit_reason
Revises: 0110_enrollment_packets
"""

import sqlalchemy as sa
from alembic import op

revision = "0113_submit_reason"
down_revision = "0110_enrollment_packets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("packet") as batch:
        batch.add_column(sa.Column("status_reason", sa.String(), nullable=False, server_default=""))
    op.execute("UPDATE packet SET status_reason = (SELECT a.failure_reason FROM ifm_application a "
               "WHERE a.packet_id = packet.id) WHERE id IN (SELECT packet_id FROM ifm_application)")
    with op.batch_alter_table("ifm_application") as batch:
        batch.drop_column("failure_reason")


def downgrade() -> None:
    with op.batch_alter_table("ifm_application") as batch:
        batch.add_column(sa.Column("failure_reason", sa.String(), nullable=False, server_default=""))
    op.execute("UPDATE ifm_application SET failure_reason = "
               "(SELECT p.status_reason FROM packet p WHERE p.id = ifm_application.packet_id)")
    with op.batch_alter_table("packet") as batch:
        batch.drop_column("status_reason")
