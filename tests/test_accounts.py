"""Temporary passwords, lockout and password changes, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select

from core.identity import accounts
from core.identity.models import Account
from core.kernel.db import reading
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Event
from core.packets import invitations
from tests.helpers.journey import NEW_PASSWORD, PROGRAM, log_in_first_time, temporary_password

POLICY = PROGRAM.login_policy
PHONE = PROGRAM.service_center["phone"]


def request_password(ctx, opened):
    accounts.issue_temporary_password(ctx, opened.account_id, POLICY, PROGRAM.emails["temporary_password"], opened.packet_id)
    return temporary_password(ctx, accounts.get(ctx, opened.account_id).email)


def try_login(ctx, opened, password):
    return accounts.login(ctx, opened.account_id, password, POLICY, service_phone=PHONE, packet_id=opened.packet_id)


def test_temporary_password_is_eight_characters_and_valid_30_minutes(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    password = request_password(demo_ctx, opened)
    assert len(password) == 8
    demo_ctx.clock.advance(timedelta(minutes=29))
    assert try_login(demo_ctx, opened, password).must_change_password


def test_expired_temporary_password_is_refused_with_advice(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    password = request_password(demo_ctx, opened)
    demo_ctx.clock.advance(timedelta(minutes=31))
    with pytest.raises(LoginFailed, match="expired.*Get My Password"):
        try_login(demo_ctx, opened, password)


def test_each_request_voids_the_previous_temporary_password(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    first = request_password(demo_ctx, opened)
    second = request_password(demo_ctx, opened)
    assert first != second
    with pytest.raises(LoginFailed, match="not correct"):
        try_login(demo_ctx, opened, first)
    assert try_login(demo_ctx, opened, second)


def test_fourth_failure_locks_until_a_rep_unlocks(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    password = request_password(demo_ctx, opened)
    for left in (3, 2, 1):
        with pytest.raises(LoginFailed, match=f"{left} attempt"):
            try_login(demo_ctx, opened, "Wrong123")
    with pytest.raises(LoginFailed) as locked:
        try_login(demo_ctx, opened, "Wrong123")
    assert locked.value.locked and "855-782-4272" in str(locked.value)
    # Locked means locked, even with the right password and a day later.
    demo_ctx.clock.advance(timedelta(days=1))
    with pytest.raises(LoginFailed):
        try_login(demo_ctx, opened, password)
    reviewer = accounts.staff_login(demo_ctx, "reviewer", "Review#2026")
    with pytest.raises(NotAllowed):
        accounts.unlock(demo_ctx, reviewer.actor, opened.account_id, "caller verified")
    rep = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026")
    with pytest.raises(ValidationFailed):
        accounts.unlock(demo_ctx, rep.actor, opened.account_id, "  ")
    accounts.unlock(demo_ctx, rep.actor, opened.account_id, "caller verified by NPN")
    password = request_password(demo_ctx, opened)
    assert try_login(demo_ctx, opened, password)
    with reading(demo_ctx.engine) as session:
        kinds = [e.kind for e in session.exec(select(Event).where(Event.kind.in_(["account locked", "account unlocked"]))).all()]
    assert kinds == ["account locked", "account unlocked"]


def test_staff_failures_delay_their_source_instead_of_locking(demo_ctx):
    """Issue 13: staff are delayed per username and source (tests/attacks/test_attack_staff_lockout.py)."""
    for _ in range(5):
        with pytest.raises(LoginFailed):
            accounts.staff_login(demo_ctx, "rep", "nope")
    with pytest.raises(LoginFailed, match="Try again after"):
        accounts.staff_login(demo_ctx, "rep", "RepDesk#2026")
    demo_ctx.clock.advance(timedelta(seconds=2))
    assert accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").account.username == "rep"


def test_unknown_staff_user_gets_the_same_answer_as_a_wrong_password(demo_ctx):
    with pytest.raises(LoginFailed) as unknown:
        accounts.staff_login(demo_ctx, "nobody", "x")
    with pytest.raises(LoginFailed) as wrong:
        accounts.staff_login(demo_ctx, "admin", "x")
    assert str(unknown.value) == str(wrong.value) == "That username and password do not match."


def test_change_password_rules_and_argon2_storage(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    with pytest.raises(ValidationFailed) as refused:
        accounts.change_password(demo_ctx, outcome.actor, "secret1x", "secret1x", PROGRAM.password_policy)
    assert "upper case" in refused.value.problems["password"]
    account = accounts.get(demo_ctx, opened.account_id)
    assert account.password_hash.startswith("$argon2id$")
    assert account.temp_password_hash is None and not account.must_change_password
    assert try_login(demo_ctx, opened, NEW_PASSWORD).must_change_password is False


def test_no_secret_is_stored_in_clear(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    password = request_password(demo_ctx, opened)
    with demo_ctx.engine.connect() as connection:
        for table in ("account", "invitation", "outboxmessage", "packet", "producer"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()
            dump = repr(rows)
            assert password not in dump, table
            assert "ILLINOIS26" not in dump, table  # the invitation verifier
            assert "512341296" not in dump and "512-34-1296" not in dump, table  # the demo SSN
    with reading(demo_ctx.engine) as session:
        assert all(a.password_hash.startswith("$argon2") for a in session.exec(select(Account).where(Account.role != "producer")))
