"""Migration 0110: applications saved before they were packets read back whole and save on the one path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from core.enrollment import applications as enrollment
from core.enrollment import quotes
from core.forms.layouts import cell, load_layouts
from core.kernel.context import AppContext
from core.kernel.db import migrate
from core.kernel.events import Actor
from core.packets import records
from tests.helpers.applications import general_answer, list_applications, save_step, step_number
from tests.helpers.ifm import family_answers
from tests.helpers.migrations import database_before, old_producer

WHEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database migrated up to just before the move, on SQLite or in a PostgreSQL schema of its own."""
    with database_before(request, tmp_path, "0110_enrollment_packets") as engine:
        yield engine


def test_an_application_saved_before_the_move_reads_back_and_saves(sqlite_ctx: AppContext, old_engine: Engine) -> None:
    engine = old_engine
    today = sqlite_ctx.clock.now().date()
    answers = family_answers(today, last_name="O'Neil")
    producer_id, account_id = old_producer(engine, WHEN)
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
    [row] = list_applications(ctx, actor, "failed")
    view = enrollment.load(ctx, actor, row.id)
    assert (view.key, view.version, step_number(view)) == ("A-0007", 5, 4)
    client_app_id = next(c for c in load_layouts("ifm/forms/screens.toml").details["application"].rows
                         if c.title == "Client App ID")
    assert cell(view, client_app_id) == "1207"  # A-0007's client app id: its number plus the declared 1200
    assert view.answers["applicant"]["last_name"] == "O'Neil" and general_answer(view, "producer_name") == "STONE, HARRIET"
    assert view.status_reason == "Plan not offered" and general_answer(view, "state") == "IL"
    saved = save_step(ctx, actor, view.id, "applicant", view.answers["applicant"], view.version, validate=False)
    assert saved.version == 6 and saved.status == "incomplete"  # a failed application saved is incomplete again
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT answers_json FROM packet WHERE key = 'A-0007'")).scalar_one()
    assert "O'Neil" not in stored and "Jessica" not in stored  # the client's answers are still encrypted at rest


@pytest.fixture(params=["sqlite", "postgres"])
def before_records(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database migrated up to just before applications became records of their program (0114, 0115)."""
    with database_before(request, tmp_path, "0114_packet_records") as engine:
        yield engine


def test_migrations_0114_0115_keep_each_applications_expiry_quote_and_numbers(
    sqlite_ctx: AppContext, before_records: Engine,
) -> None:
    engine = before_records
    expires = datetime(2027, 2, 18, 15, 0, tzinfo=UTC)
    producer, account = old_producer(engine, WHEN)
    with engine.begin() as connection:
        quote = connection.execute(text(
            "INSERT INTO ifm_quote (producer_id, created_by, label, state, zip, county, rating_area, household_enc, "
            "medical_plan_id, dental_plan_id, effective_date, monthly_premium_cents, created_at, updated_at) VALUES "
            "(:producer, :account, '', 'IL', '60606', 'Cook', 'IL-1', 'x', '', '', :day, 0, :at, :at) RETURNING id"),
            {"producer": producer, "account": account, "day": date(2027, 1, 1), "at": WHEN}).scalar_one()
        for number, (status, quote_id, until) in enumerate((("incomplete", quote, expires), ("submitted", None, None)), 1):
            packet = connection.execute(text(
                "INSERT INTO packet (key, program, entity_type, entity_name, entity_key, producer_id, account_id, status, "
                "version, current_step, answers_json, created_at, updated_at, status_reason, run_from_version) VALUES "
                f"('A-000{number}', 'ifm_enrollment', 'individual', '', '', :producer, :account, '{status}', 1, "
                "'general', '{}', :at, :at, '', 0) RETURNING id"), {"producer": producer, "account": account, "at": WHEN}
            ).scalar_one()
            connection.execute(text(
                "INSERT INTO ifm_application (packet_id, record_number, client_app_id, quote_id, created_by, expires_at) "
                f"VALUES (:packet, 'A-000{number}', {1200 + number}, :quote, :account, :until)"),
                {"packet": packet, "quote": quote_id, "account": account, "until": until})
        connection.execute(text("INSERT INTO key_counter (name, value) VALUES ('ifm_application', 2)"))
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT key, expires_at, origin_id FROM packet WHERE key LIKE 'A-%' ORDER BY key")).all()
        quoted = connection.execute(text(f"SELECT id FROM packet WHERE key = 'Q-{quote:04d}'")).scalar_one()
        counters = dict(connection.execute(text("SELECT name, value FROM key_counter")).all())
    assert not inspect(engine).has_table("ifm_application")
    assert [(key, until is not None, origin) for key, until, origin in rows] == [("A-0001", True, quoted),
                                                                             ("A-0002", False, None)]
    assert counters.get("ifm_enrollment") == 2 and "ifm_application" not in counters  # A-0003 comes next

    ctx = AppContext.create(sqlite_ctx.settings, clock=sqlite_ctx.clock, ids=sqlite_ctx.ids, fast_hash=True, host="t")
    ctx.engine.dispose()
    ctx.engine = engine
    actor = Actor(account_id=account, role="producer")
    view = enrollment.load(ctx, actor, next(r.id for r in list_applications(ctx, actor, "incomplete")))
    assert (view.key, view.origin_id, view.expires_at) == ("A-0001", quoted, expires)  # 0116: the quote's packet


@pytest.fixture(params=["sqlite", "postgres"])
def before_quote_packets(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database migrated up to just before saved quotes became records of their program (0116)."""
    with database_before(request, tmp_path, "0116_quote_packets") as engine:
        yield engine


def test_migration_0116_makes_each_saved_quote_a_record_with_its_household_sealed(
    sqlite_ctx: AppContext, before_quote_packets: Engine,
) -> None:
    engine = before_quote_packets
    producer, account = old_producer(engine, WHEN)
    household = {"zip": "60606", "county": "Cook", "first_name": "", "last_name": "", "people": [
        {"relationship": "primary", "birth_date": "03/14/1986", "sex": "Female", "tobacco": False}]}
    with engine.begin() as connection:
        for number in (1, 2, 3):  # the second was deleted: numbers shown stay as they were
            connection.execute(text(
                "INSERT INTO ifm_quote (id, producer_id, created_by, label, state, zip, county, rating_area, household_enc, "
                "medical_plan_id, dental_plan_id, effective_date, monthly_premium_cents, created_at, updated_at) VALUES "
                f"({number}, :producer, :account, :label, 'IL', '60606', 'Cook', 'IL-1', :sealed, 'IL-BPS305', '', :day, "
                "43982, :at, :at)"), {"producer": producer, "account": account, "label": "Ann Lee" if number == 1 else "",
                                      "sealed": sqlite_ctx.cipher.encrypt(json.dumps(household)),
                                      "day": date(2027, 1, 1), "at": WHEN})
        connection.execute(text("DELETE FROM ifm_quote WHERE id = 2"))
        connection.execute(text(
            "INSERT INTO packet (key, program, entity_type, entity_name, entity_key, producer_id, account_id, status, "
            "version, current_step, answers_json, created_at, updated_at, status_reason, run_from_version, origin_id) "
            "VALUES ('A-0001', 'ifm_enrollment', 'individual', '', '', :producer, :account, 'incomplete', 1, 'general', "
            "'{}', :at, :at, '', 0, 3)"), {"producer": producer, "account": account, "at": WHEN})
    migrate(engine)
    assert not inspect(engine).has_table("ifm_quote")
    with engine.connect() as connection:
        raw = dict(connection.execute(text("SELECT key, answers_json FROM packet WHERE program = 'ifm_quote'")).all())
        counter = connection.execute(text("SELECT value FROM key_counter WHERE name = 'ifm_quote'")).scalar_one()
    assert sorted(raw) == ["Q-0001", "Q-0003"] and counter == 3  # the next quote is Q-0004
    assert all("03/14/1986" not in stored for stored in raw.values())  # still sealed

    ctx = AppContext.create(sqlite_ctx.settings, clock=sqlite_ctx.clock, ids=sqlite_ctx.ids, fast_hash=True, host="t")
    ctx.engine.dispose()
    ctx.engine = engine
    actor = Actor(account_id=account, role="producer")
    listed = records.listing(ctx, actor, program=quotes.QUOTES)
    assert [q.key for q in sorted(listed, key=lambda q: q.key)] == ["Q-0001", "Q-0003"]
    third = next(q for q in listed if q.key == "Q-0003")
    assert third.answers["quote"] == {"label": "", "state": "IL", "zip": "60606", "county": "Cook", "rating_area": "IL-1",
                                      "household": household, "medical_plan_id": "IL-BPS305", "dental_plan_id": "",
                                      "effective_date": "01/01/2027", "premium": "439.82"}
    [started] = quotes.incomplete_for(ctx, actor, third.id)  # the application started from it still finds it
    assert enrollment.load(ctx, actor, started).key == "A-0001"
