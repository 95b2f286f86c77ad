"""Applications are packets: their status, version, step and answers move to the packet table (saved through
the one save path); ifm_application keeps what is the enrollment's own (numbers, quote, submission, payment).

The answers were one sealed JSON value: a packet holds them as {"enc": ..., "general": {...}} (the producer's
name and state beside it) until the next save writes them field by field (core.packets.packets.decrypt_answers
reads both).

Revision ID: 0110_enrollment_packets
Revises: 0005_enrollment
"""

import sqlalchemy as sa
from alembic import op

revision = "0110_enrollment_packets"
down_revision = "0005_enrollment"
branch_labels = None
depends_on = None

STEPS = ("general", "applicant", "household", "plans", "coverage", "sign")
MOVED = ("producer_id", "writing_number", "producer_name", "state", "status", "version", "current_step",
         "answers_enc", "applicant_name", "effective_date", "monthly_premium_cents", "medical_plan_id",
         "dental_plan_id", "payment_choice", "created_at", "updated_at", "submitted_at")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # The producer's name and state were columns: they go beside the sealed answers, in the clear as before.
    build = "json_build_object" if dialect == "postgresql" else "json_object"
    sealed = (f"{build}('enc', a.answers_enc, 'general', {build}('producer_name', a.producer_name, 'state', a.state))"
              + ("::text" if dialect == "postgresql" else ""))
    step = "CASE a.current_step " + " ".join(f"WHEN {i} THEN '{s}'" for i, s in enumerate(STEPS, 1)) + " ELSE 'sign' END"
    op.execute(
        # entity_type and run_from_version take their defaults (whichever branch added them, before or after).
        "INSERT INTO packet (key, program, producer_id, account_id, status, version, current_step, "
        "answers_json, created_at, updated_at, submitted_at) "
        f"SELECT a.record_number, 'ifm_enrollment', a.producer_id, "
        "(SELECT MIN(u.id) FROM account u WHERE u.producer_id = a.producer_id AND u.role = 'producer'), "
        f"a.status, a.version, {step}, {sealed}, a.created_at, a.updated_at, a.submitted_at "
        "FROM ifm_application a ORDER BY a.id"
    )
    with op.batch_alter_table("ifm_application") as batch:
        batch.add_column(sa.Column("packet_id", sa.Integer(), nullable=True))
    op.execute("UPDATE ifm_application SET packet_id = "
               "(SELECT p.id FROM packet p WHERE p.key = ifm_application.record_number)")
    for name in ("producer_id", "status", "updated_at"):
        op.drop_index(f"ix_ifm_application_{name}", table_name="ifm_application")
    with op.batch_alter_table("ifm_application") as batch:
        batch.alter_column("packet_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key("fk_ifm_application_packet_id", "packet", ["packet_id"], ["id"])
        batch.create_index("ix_ifm_application_packet_id", ["packet_id"], unique=True)
        for name in MOVED:
            batch.drop_column(name)


def downgrade() -> None:
    raise NotImplementedError("Applications stay packets: restore a backup to go back.")
