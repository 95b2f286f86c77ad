"""Migration 0110: applications saved before they were packets read back whole and save on the one path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from core.enrollment import applications as enrollment
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import make_engine, migrate
from core.kernel.events import Actor
from core.packets.models import Producer
from tests.helpers.ifm import family_answers
from tests.helpers.migrations import schema_before
from tests.helpers.pg_schema import scratch_schema

WHEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def old_schema(engine: Engine) -> None:
    """Every migration but the move of applications into packets."""
    schema_before(engine, "0110_enrollment_packets")


@pytest.fixture(params=["sqlite", "postgres"])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database migrated up to just before the move, on SQLite or in a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        old_schema(engine)
        yield engine
        engine.dispose()
        return
    url = request.getfixturevalue("pg_url")
    with scratch_schema(url) as schema:
        engine = make_engine(url, schema=schema)
        try:
            old_schema(engine)
            yield engine
        finally:
            engine.dispose()


def test_an_application_saved_before_the_move_reads_back_and_saves(sqlite_ctx: AppContext, old_engine: Engine) -> None:
    engine = old_engine
    today = sqlite_ctx.clock.now().date()
    answers = family_answers(today, last_name="O'Neil")
    with Session(engine) as session:
        producer = Producer(first_name="Harriet", last_name="Stone", name_key="stone harriet", tin_enc="x", tin_last4="1234",
                            tin_index="i", email="harriet.stone@example.com", states="IL", created_at=WHEN)
        session.add(producer)
        session.flush()
        account = Account(username="hstone", role="producer", display_name="Harriet Stone", email=producer.email,
                          producer_id=producer.id, created_at=WHEN)
        session.add(account)
        session.commit()
        producer_id, account_id = producer.id, account.id
    sealed = sqlite_ctx.cipher.encrypt(json.dumps(answers, sort_keys=True))
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO ifm_application (record_number, client_app_id, producer_id, writing_number, producer_name, state, "
            "created_by, status, version, current_step, answers_enc, applicant_name, monthly_premium_cents, "
            "medical_plan_id, dental_plan_id, payment_choice, payment_status, failure_reason, created_at, updated_at) "
            "VALUES ('A-0007', 1207, :producer, 'IL1234567', 'STONE, HARRIET', 'IL', :account, 'failed', 5, 4, :sealed, "
            "'Jessica O''Neil', 100, '', '', 'Pay Now', '', 'Plan not offered', :at, :at)"),
            {"producer": producer_id, "account": account_id, "sealed": sealed, "at": WHEN})
    migrate(engine)  # the move

    ctx = AppContext.create(sqlite_ctx.settings, clock=sqlite_ctx.clock, ids=sqlite_ctx.ids, fast_hash=True, host="t")
    ctx.engine.dispose()
    ctx.engine = engine
    actor = Actor(account_id=account_id or 0, role="producer")
    [row] = enrollment.list_applications(ctx, actor, "failed")
    view = enrollment.load(ctx, actor, row.id)
    assert (view.record_number, view.client_app_id, view.version, view.current_step) == ("A-0007", 1207, 5, 4)
    assert view.answers["applicant"]["last_name"] == "O'Neil" and view.producer_name == "STONE, HARRIET"
    assert view.failure_reason == "Plan not offered" and view.state == "IL"
    saved = enrollment.save_step(ctx, actor, view.id, "applicant", view.answers["applicant"], view.version, validate=False)
    assert saved.version == 6 and saved.status == "incomplete"  # a failed application saved is incomplete again
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT answers_json FROM packet WHERE key = 'A-0007'")).scalar_one()
    assert "O'Neil" not in stored and "Jessica" not in stored  # the client's answers are still encrypted at rest
