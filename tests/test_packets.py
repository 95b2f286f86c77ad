"""Saving steps: validation, version checks, PII at rest, drafts and the append-only history."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from core.identity import accounts
from core.kernel.db import reading, writing
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event
from core.packets import packets
from core.packets.history import history as packet_history
from core.packets.models import Packet
from tests.helpers.journey import log_in_first_time


def test_a_stale_writer_gets_a_conflict_and_nothing_is_overwritten(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    seen_by_producer = packets.load(demo_ctx, producer.actor, opened.packet_id)
    seen_by_rep = packets.load(demo_ctx, rep, opened.packet_id)
    rep_values = {**seen_by_rep.answers["interview"], "city": "Round Rock"}
    packets.save_step(demo_ctx, rep, opened.packet_id, "interview", rep_values, seen_by_rep.version)
    mine = {**seen_by_producer.answers["interview"], "city": "San Marcos"}
    with pytest.raises(Conflict) as conflict:
        packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", mine, seen_by_producer.version)
    assert conflict.value.theirs["city"] == "Round Rock"
    assert packets.load(demo_ctx, producer.actor, opened.packet_id).answers["interview"]["city"] == "Round Rock"


def test_every_problem_is_reported_and_nothing_saved(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    bad = {**view.answers["interview"], "postal_code": "7875", "business_phone": "12", "city": ""}
    with pytest.raises(ValidationFailed) as failed:
        packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", bad, view.version)
    assert set(failed.value.problems) == {"postal_code", "business_phone", "city"}
    assert packets.load(demo_ctx, producer.actor, opened.packet_id).version == view.version


def test_read_only_roster_fields_cannot_be_changed_through_a_save(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    forged = {**view.answers["interview"], "last_name": "Forged", "tin": "123-45-6789"}
    view = packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", forged, view.version)
    assert view.answers["interview"]["last_name"] == "Nguyễn"
    assert view.answers["interview"]["tin"] == "623418812"


def test_pii_is_encrypted_at_rest(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    packets.save_draft(demo_ctx, producer.actor, opened.packet_id, "interview", view.answers["interview"])
    with demo_ctx.engine.connect() as connection:
        raw = repr(connection.execute(text("SELECT * FROM packet")).all())
        raw += repr(connection.execute(text("SELECT * FROM producer")).all())
        raw += repr(connection.execute(text("SELECT * FROM packet_draft")).all())
    assert "623418812" not in raw and "8812" in raw  # last 4 kept for search, the rest sealed
    stored = json.loads(connection_value(demo_ctx, opened.packet_id))
    assert set(stored["interview"]["tin"]) == {"enc"}


def connection_value(ctx, packet_id):
    with reading(ctx.engine) as session:
        return session.get(Packet, packet_id).answers_json


def test_another_producer_cannot_open_the_packet(demo_ctx):
    opened, _ = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    other, intruder = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    with pytest.raises(NotAllowed):
        packets.load(demo_ctx, intruder.actor, opened.packet_id)


def test_rep_edits_are_recorded_on_behalf_of_the_producer(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    for_producer = Actor(rep.account_id, rep.role, rep.login_id, on_behalf_of=opened.account_id)
    view = packets.load(demo_ctx, for_producer, opened.packet_id)
    packets.save_step(demo_ctx, for_producer, opened.packet_id, "interview",
                      {**view.answers["interview"], "title": "Agent"}, view.version)
    with reading(demo_ctx.engine) as session:
        lines = packet_history(session, opened.packet_id)
    assert any(line.who == "Ray Rep on behalf of José Nguyễn" and line.kind == "step saved" for line in lines)


def test_history_is_append_only_in_the_database(demo_ctx):
    with pytest.raises(DatabaseError, match="append-only"):
        with writing(demo_ctx.engine) as session:
            session.exec(select(Event)).first().detail = "rewritten"
    with pytest.raises(DatabaseError, match="append-only"):
        with demo_ctx.engine.begin() as connection:
            connection.execute(text("DELETE FROM event"))


def test_drafts_survive_and_are_cleared_by_a_save(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    typed = {**view.answers["interview"], "city": "Half-typed"}
    packets.save_draft(demo_ctx, producer.actor, opened.packet_id, "interview", typed)
    assert packets.load_draft(demo_ctx, producer.actor, opened.packet_id, "interview")["city"] == "Half-typed"
    packets.save_step(demo_ctx, producer.actor, opened.packet_id, "interview", {**typed, "city": "Austin"}, view.version)
    assert packets.load_draft(demo_ctx, producer.actor, opened.packet_id, "interview") is None
