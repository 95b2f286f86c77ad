"""Presence through the shared database: heartbeats while idle, stale sessions closed when found.

On SQLite and PostgreSQL (the `ctx` fixture), with the clock moved by hand.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from core.desk import assist as desk
from core.identity import accounts, sessions
from core.identity.models import Login
from core.kernel.clock import FixedClock
from core.kernel.db import reading
from core.packets import invitations
from tests.helpers.journey import log_in_first_time


def test_an_idle_session_keeps_its_heartbeat_and_stays_visible(demo_ctx) -> None:
    clock = demo_ctx.clock
    assert isinstance(clock, FixedClock)
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    _, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    for _ in range(10 * 12):  # ten idle minutes, the app's check every 5 seconds
        clock.advance(timedelta(seconds=5))
        assert sessions.touch_if_open(demo_ctx, producer.actor.login_id, active=False)
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    desk.enter_packet(demo_ctx, rep, opened.packet_id)
    others = sessions.others_on_packet(demo_ctx, opened.packet_id, rep.login_id)
    assert [o.role for o in others] == ["producer"]
    assert clock.now() - others[0].last_seen <= sessions.HEARTBEAT, "idle, but its process is alive"


def test_a_session_left_by_kill_9_is_closed_when_someone_finds_it_stale(demo_ctx) -> None:
    clock = demo_ctx.clock
    assert isinstance(clock, FixedClock)
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    _, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    clock.advance(sessions.STALE_AFTER - timedelta(seconds=1))  # no heartbeat: the process was killed
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    desk.enter_packet(demo_ctx, rep, opened.packet_id)
    assert [o.role for o in sessions.others_on_packet(demo_ctx, opened.packet_id, rep.login_id)] == ["producer"]
    clock.advance(timedelta(seconds=2))
    assert sessions.others_on_packet(demo_ctx, opened.packet_id, rep.login_id) == []
    with reading(demo_ctx.engine) as session:
        login = session.get(Login, producer.actor.login_id)
        assert login is not None and login.ended_at is not None and login.end_reason.startswith("stale")
    # The producer signing in again is not asked to take over a ghost of their own.
    again = sessions.others_on_packet(demo_ctx, opened.packet_id, None, producer.actor.account_id)
    assert [o.role for o in again] == ["rep"]
    assert not sessions.touch_if_open(demo_ctx, producer.actor.login_id, active=True), "the closed login stays closed"


def test_a_live_session_is_never_closed_as_stale(demo_ctx) -> None:
    clock = demo_ctx.clock
    assert isinstance(clock, FixedClock)
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    _, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor
    desk.enter_packet(demo_ctx, rep, opened.packet_id)
    for _ in range(60):  # an hour of checks two minutes apart, each after a heartbeat
        clock.advance(sessions.STALE_AFTER - timedelta(seconds=5))
        assert sessions.touch_if_open(demo_ctx, producer.actor.login_id, active=False)
        assert len(sessions.others_on_packet(demo_ctx, opened.packet_id, rep.login_id)) == 1
    with reading(demo_ctx.engine) as session:
        ended = session.exec(select(Login).where(Login.ended_at != None)).all()  # noqa: E711
    assert all(not login.end_reason.startswith("stale") for login in ended)
