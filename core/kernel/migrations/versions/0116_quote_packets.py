"""Saved quotes are records of the ifm_quote program (data/programs/ifm_quote.toml): each ifm_quote row becomes a
packet keyed Q-0001 as it was shown, its household still encrypted as it was (the sealed value moves as is), and
an application started from a quote links the quote's packet (packet.origin_id). ifm_quote goes.

Revision ID: 0116_quote_packets
Revises: 0115_drop_ifm_application
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0116_quote_packets"
down_revision = "0115_drop_ifm_application"
branch_labels = None
depends_on = None

QUOTES = "ifm_quote"
APPLICATIONS = "ifm_enrollment"


def upgrade() -> None:
    bind = op.get_bind()
    quotes = bind.execute(sa.text(
        "SELECT q.id, q.producer_id, q.label, q.state, q.zip, q.county, q.rating_area, q.household_enc, "
        "q.medical_plan_id, q.dental_plan_id, q.effective_date, q.monthly_premium_cents, q.created_at, q.updated_at, "
        "(SELECT MIN(u.id) FROM account u WHERE u.producer_id = q.producer_id AND u.role = 'producer') "
        "FROM ifm_quote q ORDER BY q.id")).all()
    insert = sa.text(
        "INSERT INTO packet (key, program, entity_type, entity_name, entity_key, producer_id, account_id, status, "
        "version, current_step, answers_json, created_at, updated_at, status_reason, run_from_version) VALUES "
        "(:key, :program, 'individual', '', '', :producer, :account, 'saved', 1, 'quote', :answers, :created, "
        ":updated, '', 0)")
    for (quote_id, producer, label, state, zip_code, county, area, household, medical, dental, effective, cents,
         created, updated, account) in quotes:
        when = effective if not isinstance(effective, str) else None
        answers = {"quote": {
            "label": label, "state": state, "zip": zip_code, "county": county, "rating_area": area,
            "household": {"enc": household}, "medical_plan_id": medical, "dental_plan_id": dental,
            "effective_date": when.strftime("%m/%d/%Y") if when else "/".join(  # SQLite gives the ISO text
                (effective[5:7], effective[8:10], effective[:4])),
            "premium": f"{cents // 100}.{cents % 100:02d}"}}
        key = f"Q-{quote_id:04d}"
        bind.execute(insert, {"key": key, "program": QUOTES, "producer": producer, "account": account,
                              "answers": json.dumps(answers, sort_keys=True), "created": created, "updated": updated})
        packet = bind.execute(sa.text("SELECT id FROM packet WHERE key = :key"), {"key": key}).scalar_one()
        bind.execute(sa.text("UPDATE packet SET origin_id = :packet WHERE program = :program AND origin_id = :quote"),
                     {"packet": packet, "program": APPLICATIONS, "quote": quote_id})
    if quotes:  # the next quote is numbered after the last one shown
        bind.execute(sa.text("DELETE FROM key_counter WHERE name = :name"), {"name": QUOTES})
        bind.execute(sa.text("INSERT INTO key_counter (name, value) VALUES (:name, :value)"),
                     {"name": QUOTES, "value": max(q[0] for q in quotes)})
    op.drop_table("ifm_quote")


def downgrade() -> None:
    raise NotImplementedError("Quotes stay records of their program: restore a backup to go back.")
