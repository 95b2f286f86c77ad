"""Sign-in attempts being checked, kept apart from the failures: a success in the middle of a burst of
guesses used to reset the count the guesses still being checked had reserved.

Revision ID: 0109_logins_in_flight
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0109_logins_in_flight"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.add_column(sa.Column("logins_in_flight", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("in_flight_since", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("account") as batch:
        batch.drop_column("in_flight_since")
        batch.drop_column("logins_in_flight")
