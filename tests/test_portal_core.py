"""Portal core on SQLite and PostgreSQL: lockout, codes, links, passwords, devices, typing, delegates' reach."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from core.identity import accounts
from core.identity.models import Account
from core.kernel.db import reading
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Event
from core.notify import outbox
from core.portal import access as portal_access
from core.portal import delegates
from core.portal import devices as portal_devices
from core.portal import login as portal_login
from core.portal import passwords as portal_passwords
from core.portal.codes import CodeRefused
from core.portal.login import PendingLogin, SignedIn
from tests.portal_helpers import (
    DELEGATE,
    PRODUCER,
    latest_code,
    link_code,
    pending,
    sign_in_by_email,
)

NEW_DELEGATE = {"username": "jmorales7", "email": "jo.morales@example.com", "first_name": "Jo",
                "last_name": "Morales", "mobile": "918-555-0003"}


def producer_actor(ctx, who=PRODUCER):
    return sign_in_by_email(ctx, who).actor


def kinds(ctx, account_id):
    with reading(ctx.engine) as session:
        return [e.kind for e in session.exec(select(Event).where(Event.account_id == account_id).order_by(col(Event.id)))]


# --- lockout -------------------------------------------------------------------------------------

def test_fifth_wrong_password_locks_for_30_minutes_then_unlocks_by_itself(demo_ctx):
    for left in (4, 3, 2, 1):
        with pytest.raises(LoginFailed, match=f"{left} attempt"):
            portal_login.log_in(demo_ctx, "dpatel2026", "Wrong#2026")
    with pytest.raises(LoginFailed, match="unlocks by itself at 14:30 UTC") as locked:
        portal_login.log_in(demo_ctx, "dpatel2026", "Wrong#2026")
    assert locked.value.locked
    demo_ctx.clock.advance(timedelta(minutes=29, seconds=59))
    with pytest.raises(LoginFailed, match="locked"):  # the right password does not help while locked
        portal_login.log_in(demo_ctx, *DELEGATE)
    demo_ctx.clock.advance(timedelta(seconds=1))
    assert isinstance(portal_login.log_in(demo_ctx, *DELEGATE), PendingLogin)
    account_id = pending(demo_ctx).user.account_id
    history = kinds(demo_ctx, account_id)
    assert history.count("login failed") == 5
    assert history.index("account locked") < history.index("account unlocked automatically")


def test_unknown_username_gets_the_same_words_and_locks_nothing(demo_ctx):
    with pytest.raises(LoginFailed, match="username and password do not match"):
        portal_login.log_in(demo_ctx, "nobody2026", "Whatever#1")
    with pytest.raises(LoginFailed, match="do not match"):  # recontracting usernames are not portal accounts
        portal_login.log_in(demo_ctx, "rep", "RepDesk#2026")


# --- one-time codes ------------------------------------------------------------------------------

def test_code_is_8_characters_expires_after_10_minutes_and_works_once(demo_ctx):
    step = pending(demo_ctx)
    sent = portal_login.send_code(demo_ctx, step, "sms")
    assert (sent.destination, sent.minutes) == ("xxxxxx0001", 10)
    code = latest_code(demo_ctx, "918-555-0001")
    assert len(code) == 8
    message = outbox.latest(demo_ctx, to="918-555-0001")
    assert message is not None and message.channel == "sms"
    demo_ctx.clock.advance(timedelta(minutes=10))
    with pytest.raises(CodeRefused, match="expired"):
        portal_login.verify_code(demo_ctx, step, code)
    portal_login.send_code(demo_ctx, step, "email")  # resend: a new code, by email this time
    fresh = latest_code(demo_ctx, "devi.patel@example.com")
    with pytest.raises(CodeRefused, match="not correct.*4 tries left"):
        portal_login.verify_code(demo_ctx, step, "AAAAAAAA")
    signed = portal_login.verify_code(demo_ctx, step, fresh.lower())
    assert signed.actor.auth_method == "password + email code"
    again = pending(demo_ctx)
    with pytest.raises(CodeRefused, match="no longer valid"):
        portal_login.verify_code(demo_ctx, again, fresh)


def test_a_resent_code_voids_the_earlier_one_and_wrong_codes_run_out(demo_ctx):
    step = pending(demo_ctx)
    portal_login.send_code(demo_ctx, step, "email")
    first = latest_code(demo_ctx, "devi.patel@example.com")
    portal_login.send_code(demo_ctx, step, "email")
    with pytest.raises(CodeRefused, match="not correct"):  # only the newest code counts
        portal_login.verify_code(demo_ctx, step, first)
    for _ in range(3):
        with pytest.raises(CodeRefused, match="not correct"):
            portal_login.verify_code(demo_ctx, step, "BBBBBBBB")
    with pytest.raises(CodeRefused, match="Too many wrong codes"):
        portal_login.verify_code(demo_ctx, step, "BBBBBBBB")


def test_a_forged_or_finished_step_is_refused(demo_ctx):
    step = pending(demo_ctx)
    forged = replace(step, ticket=replace(step.ticket, secret="x" * 24))
    with pytest.raises(NotAllowed, match="expired or was already completed"):
        portal_login.send_code(demo_ctx, forged, "email")
    portal_login.send_code(demo_ctx, step, "email")
    portal_login.verify_code(demo_ctx, step, latest_code(demo_ctx, "devi.patel@example.com"))
    with pytest.raises(NotAllowed):
        portal_login.send_code(demo_ctx, step, "email")


# --- adding a delegate, the email link, creating a password ----------------------------------------

def test_username_rules_and_a_name_already_in_use(demo_ctx):
    actor = producer_actor(demo_ctx)
    for username, words in (("abc123", "at least 7"), ("jo.morales", "letters and digits only"),
                            ("jo morales1", "letters and digits only"), ("HSTONE2026", "already registered"),
                            ("dpatel2026", "already registered")):
        with pytest.raises(ValidationFailed) as refused:
            delegates.add_delegate(demo_ctx, actor, {**NEW_DELEGATE, "username": username}, ["IL"])
        assert words in refused.value.problems["username"], username
    with pytest.raises(ValidationFailed) as refused:
        delegates.add_delegate(demo_ctx, actor, {**NEW_DELEGATE, "email": "nope", "mobile": ""}, [])
    assert set(refused.value.problems) == {"email", "mobile", "states"}


def test_states_must_be_the_producers_own(demo_ctx):
    wei = producer_actor(demo_ctx, ("weili2026", "Portal#2026"))
    with pytest.raises(ValidationFailed, match="states"):
        delegates.add_delegate(demo_ctx, wei, NEW_DELEGATE, ["NM", "TX"])
    with pytest.raises(NotAllowed):
        delegates.add_delegate(demo_ctx, sign_in_by_email(demo_ctx).actor, NEW_DELEGATE, ["IL"])


def test_new_delegate_confirms_email_once_within_7_days_then_creates_a_password(demo_ctx):
    actor = producer_actor(demo_ctx)
    added = delegates.add_delegate(demo_ctx, actor, NEW_DELEGATE, ["TX", "IL"])
    rows = {r.username: r for r in delegates.list_delegates(demo_ctx, actor)}
    assert rows["jmorales7"].states == ("IL", "TX") and rows["jmorales7"].status == "Email not confirmed"
    welcome = outbox.latest(demo_ctx, to="jo.morales@example.com")
    assert welcome is not None and "jmorales7" in welcome.body and "1-888-706-0583" in welcome.body
    code = link_code(demo_ctx, "jo.morales@example.com")
    demo_ctx.clock.advance(timedelta(days=6, hours=23))
    assert portal_passwords.verify_email(demo_ctx, code).username == "jmorales7"
    with pytest.raises(NotAllowed, match="works once"):
        portal_passwords.verify_email(demo_ctx, code)
    assert {r.username: r for r in delegates.list_delegates(demo_ctx, actor)}["jmorales7"].status == "Active"

    found = portal_passwords.find_account(demo_ctx, "JMorales7")
    assert found.destinations == {"email": "xxxxxxales@example.com", "sms": "xxxxxx0003"}
    with pytest.raises(NotAllowed, match="verification code first"):
        portal_passwords.set_password(demo_ctx, found, "Morales#2026", "Morales#2026")
    portal_passwords.send_code(demo_ctx, found, "sms")
    with pytest.raises(CodeRefused):
        portal_passwords.verify_code(demo_ctx, found, "CCCCCCCC")
    portal_passwords.verify_code(demo_ctx, found, latest_code(demo_ctx, "918-555-0003"))
    with pytest.raises(ValidationFailed, match="password"):
        portal_passwords.set_password(demo_ctx, found, "jmorales7Aa1", "jmorales7Aa1")  # contains the username
    portal_passwords.set_password(demo_ctx, found, "Morales#2026", "Morales#2026")
    confirmation = outbox.latest(demo_ctx, to="jo.morales@example.com")
    assert confirmation is not None and confirmation.subject == "Account Information - Update Password"
    assert accounts.get(demo_ctx, added.account_id).password_hash
    assert isinstance(portal_login.log_in(demo_ctx, "jmorales7", "Morales#2026"), PendingLogin)


def test_link_expires_after_7_days_and_a_resend_replaces_it(demo_ctx):
    actor = producer_actor(demo_ctx)
    added = delegates.add_delegate(demo_ctx, actor, NEW_DELEGATE, ["OK"])
    first = link_code(demo_ctx, "jo.morales@example.com")
    demo_ctx.clock.advance(timedelta(days=7))
    with pytest.raises(NotAllowed, match="expired.*7 days"):
        portal_passwords.verify_email(demo_ctx, first)
    delegates.resend_link(demo_ctx, actor, added.account_id)
    second = link_code(demo_ctx, "jo.morales@example.com")
    with pytest.raises(NotAllowed, match="newer verification email"):
        portal_passwords.verify_email(demo_ctx, first)
    with pytest.raises(NotAllowed, match="not valid"):
        portal_passwords.verify_email(demo_ctx, second[:-1] + ("A" if second[-1] != "A" else "B"))
    assert portal_passwords.verify_email(demo_ctx, second).username == "jmorales7"


def reset_password(ctx, username, password):
    found = portal_passwords.find_account(ctx, username)
    portal_passwords.send_code(ctx, found, "email")
    portal_passwords.verify_code(ctx, found, latest_code(ctx, accounts.get(ctx, found.ticket.account_id).email))
    portal_passwords.set_password(ctx, found, password, password)


def test_none_of_the_last_10_passwords_can_be_reused(demo_ctx):
    for n in range(1, 10):
        reset_password(demo_ctx, "dpatel2026", f"Delegate#{n:02d}x")
    with pytest.raises(ValidationFailed) as refused:
        reset_password(demo_ctx, "dpatel2026", "Delegate#2026")  # the original is 10th newest
    assert "last 10 passwords" in refused.value.problems["new_password"]  # said at the New Password field
    reset_password(demo_ctx, "dpatel2026", "Delegate#10x")
    reset_password(demo_ctx, "dpatel2026", "Delegate#2026")  # 11 back now: allowed again


def test_new_password_problems_are_said_at_their_fields(demo_ctx):
    found = portal_passwords.find_account(demo_ctx, "dpatel2026")
    portal_passwords.send_code(demo_ctx, found, "email")
    portal_passwords.verify_code(demo_ctx, found, latest_code(demo_ctx, accounts.get(demo_ctx, found.ticket.account_id).email))
    with pytest.raises(ValidationFailed) as short:
        portal_passwords.set_password(demo_ctx, found, "Ab#1", "Ab#1")  # seed policy: at least 8 characters
    assert set(short.value.problems) == {"new_password"}
    assert "8 characters" in short.value.problems["new_password"]
    with pytest.raises(ValidationFailed) as mismatch:
        portal_passwords.set_password(demo_ctx, found, "Fresh#Start9", "Fresh#Start8")
    assert mismatch.value.problems == {"confirm_password": "The two passwords do not match."}
    with pytest.raises(ValidationFailed) as blank:
        portal_passwords.set_password(demo_ctx, found, "", "")
    assert set(blank.value.problems) == {"new_password", "confirm_password"}


def test_find_account_and_forgot_username_check_their_declared_fields(demo_ctx):
    with pytest.raises(ValidationFailed) as blank:
        portal_passwords.find_account(demo_ctx, "   ")
    assert blank.value.problems == {"username": "Username is required."}
    with pytest.raises(ValidationFailed) as bad:
        portal_passwords.forgot_username(demo_ctx, "devi.patel-at-example.com")
    assert bad.value.problems == {"email": "Email: enter an address like name@example.com."}
    assert outbox.latest(demo_ctx, kind="forgot username") is None


def test_forgot_password_unlocks_a_locked_account(demo_ctx):
    for _ in range(5):
        with pytest.raises(LoginFailed):
            portal_login.log_in(demo_ctx, "dpatel2026", "Wrong#2026")
    reset_password(demo_ctx, "dpatel2026", "Fresh#Start9")
    assert isinstance(portal_login.log_in(demo_ctx, "dpatel2026", "Fresh#Start9"), PendingLogin)


def test_forgot_username_emails_only_when_the_account_exists(demo_ctx):
    before = len(outbox.messages(demo_ctx))
    portal_passwords.forgot_username(demo_ctx, "nobody@example.com")
    assert len(outbox.messages(demo_ctx)) == before
    portal_passwords.forgot_username(demo_ctx, " Devi.Patel@example.com ")
    message = outbox.latest(demo_ctx, to="devi.patel@example.com")
    assert message is not None and "Username: dpatel2026" in message.body


# --- remember this device ------------------------------------------------------------------------

def test_remembered_device_skips_verification_until_day_30(demo_ctx, tmp_path):
    signed = sign_in_by_email(demo_ctx, remember=True)
    assert signed.device_token
    path = portal_devices.save_token(demo_ctx, "dpatel2026", signed.device_token, tmp_path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    token = portal_devices.read_token(demo_ctx, "DPatel2026", tmp_path)
    demo_ctx.clock.advance(timedelta(days=29, hours=23))
    again = portal_login.log_in(demo_ctx, *DELEGATE, token)
    assert isinstance(again, SignedIn) and again.actor.auth_method == "password + remembered device"
    with pytest.raises(LoginFailed):  # the token never replaces the password
        portal_login.log_in(demo_ctx, "dpatel2026", "Wrong#2026", token)
    assert isinstance(portal_login.log_in(demo_ctx, *PRODUCER, token), PendingLogin)  # another account's token
    demo_ctx.clock.advance(timedelta(hours=1))
    assert isinstance(portal_login.log_in(demo_ctx, *DELEGATE, token), PendingLogin)


def test_a_password_reset_revokes_remembered_devices(demo_ctx):
    token = sign_in_by_email(demo_ctx, remember=True).device_token
    reset_password(demo_ctx, "dpatel2026", "Another#2026")
    assert isinstance(portal_login.log_in(demo_ctx, "dpatel2026", "Another#2026", token), PendingLogin)


def test_no_code_token_or_link_is_stored_in_clear(demo_ctx):
    signed = sign_in_by_email(demo_ctx, remember=True)
    code = latest_code(demo_ctx, "devi.patel@example.com")
    delegates.add_delegate(demo_ctx, producer_actor(demo_ctx), NEW_DELEGATE, ["IL"])
    verifier = link_code(demo_ctx, "jo.morales@example.com").split("-")[1]
    with demo_ctx.engine.connect() as connection:
        for table in ("portal_code", "portal_device", "portal_email_link", "portal_challenge", "outboxmessage"):
            dump = repr(connection.execute(text(f"SELECT * FROM {table}")).all())
            assert code not in dump and verifier not in dump, table
            assert signed.device_token and signed.device_token.split(".")[1] not in dump, table


# --- who sees what -------------------------------------------------------------------------------

def test_delegates_reach_only_their_producers_in_their_assigned_states(demo_ctx):
    actor = sign_in_by_email(demo_ctx).actor
    hierarchy = {v.name: v.states for v in portal_access.visible_producers(demo_ctx, actor)}
    assert hierarchy == {"Harriet [bold]Stone": ("IL", "TX"), "Wei 李": ("NM",)}
    stone = next(v for v in portal_access.visible_producers(demo_ctx, actor) if v.states == ("IL", "TX"))
    assert portal_access.producer_overview(demo_ctx, actor, stone.producer_id, "tx").state == "TX"
    with pytest.raises(NotAllowed, match="not assigned to Montana"):
        portal_access.producer_overview(demo_ctx, actor, stone.producer_id, "MT")
    with reading(demo_ctx.engine) as session:
        marisol = session.exec(select(Account).where(Account.email == "marisol.oneil@example.com")).first()
    assert marisol is not None and marisol.producer_id
    with pytest.raises(NotAllowed, match="do not work for"):
        portal_access.authorize(demo_ctx, actor, marisol.producer_id, "IL")
    owner = producer_actor(demo_ctx)
    assert portal_access.authorize(demo_ctx, owner, stone.producer_id, "MT").name == "Harriet [bold]Stone"
    with pytest.raises(NotAllowed):
        portal_access.authorize(demo_ctx, owner, marisol.producer_id, "IL")


def test_deactivating_cuts_access_at_once_and_reactivating_restores_it(demo_ctx):
    delegate = sign_in_by_email(demo_ctx).actor
    stone = producer_actor(demo_ctx)
    wei = producer_actor(demo_ctx, ("weili2026", "Portal#2026"))
    stone_id = portal_access.visible_producers(demo_ctx, stone)[0].producer_id
    delegates.set_active(demo_ctx, stone, delegate.account_id, False)
    with pytest.raises(NotAllowed):
        portal_access.authorize(demo_ctx, delegate, stone_id, "IL")
    assert [v.name for v in portal_access.visible_producers(demo_ctx, delegate)] == ["Wei 李"]
    with pytest.raises(NotAllowed, match="does not work for you"):
        delegates.set_active(demo_ctx, stone, wei.account_id, False)
    delegates.set_active(demo_ctx, wei, delegate.account_id, False)
    with pytest.raises(LoginFailed, match="not active"):
        portal_login.log_in(demo_ctx, *DELEGATE)
    delegates.set_active(demo_ctx, stone, delegate.account_id, True)
    assert isinstance(portal_login.log_in(demo_ctx, *DELEGATE), PendingLogin)
    assert "delegate deactivated" in kinds(demo_ctx, stone.account_id)


def test_nothing_typed_is_said_at_the_field_and_is_not_a_try(demo_ctx):
    with pytest.raises(ValidationFailed) as blank:
        portal_login.log_in(demo_ctx, "dpatel2026", "")
    assert blank.value.problems == {"password": "Enter your username and password."}
    with pytest.raises(ValidationFailed) as blank:
        portal_login.log_in(demo_ctx, "  ", "Delegate#2026")
    assert blank.value.problems == {"username": "Enter your username and password."}
    step = pending(demo_ctx)  # the blank tries above did not count: the password still works
    portal_login.send_code(demo_ctx, step, "email")
    policy_attempts = 5  # data/portal.toml [codes] max_attempts
    for _ in range(policy_attempts + 1):
        with pytest.raises(ValidationFailed) as no_code:
            portal_login.verify_code(demo_ctx, step, "  ")
        assert no_code.value.problems == {"code": "Type the code you received."}
    # More blank submits than the code allows tries, and the code still works: none was counted.
    assert isinstance(portal_login.verify_code(demo_ctx, step, latest_code(demo_ctx, "devi.patel@example.com")), SignedIn)
    with pytest.raises(ValidationFailed) as no_link:
        portal_passwords.verify_email(demo_ctx, " ")
    assert no_link.value.problems == {"code": "Type the code from your welcome email."}
