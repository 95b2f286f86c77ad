"""The dashboard's counts as summary rows (packets per program, status and day of last activity), filled from packets.

Revision ID: 0105_dashboard_counts
Revises: 0008_dashboard
"""

import sqlalchemy as sa
from alembic import op

revision = "0105_dashboard_counts"
down_revision = "0008_dashboard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "packetcount",
        sa.Column("program", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("program", "status", "day"),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        day = "date(timezone('UTC', updated_at))"
    else:
        day = "date(updated_at)"
    op.execute(f"INSERT INTO packetcount (program, status, day, count) "
               f"SELECT program, status, {day}, count(*) FROM packet GROUP BY program, status, {day}")


def downgrade() -> None:
    op.drop_table("packetcount")
