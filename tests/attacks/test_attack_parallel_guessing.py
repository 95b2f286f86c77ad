"""Parallel guessing: 32 guesses sent at once must not get more checks than the lockout allows.

The attack: with the limit at 5, every guess read "not locked yet" before any failure was noted,
so all 32 were checked and a right one among them was accepted. Each test releases 32 threads
together (a barrier) on SQLite and PostgreSQL and counts the guesses really compared with the
stored hash.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import func, select

from core.identity import accounts
from core.identity.models import Account
from core.identity.throttle import staff_throttle
from core.kernel.db import reading
from core.kernel.errors import LoginFailed
from core.kernel.events import Event
from core.notify import outbox
from core.packets import accounts as onboarding
from core.packets.program import program
from core.portal import login as portal_login
from core.portal.codes import CodeRefused
from core.portal.policy import policy as portal_policy
from tests.helpers.attacks import CountingHasher, at_once
from tests.helpers.journey import NEW_PASSWORD, PROGRAM, log_in_first_time
from tests.portal_helpers import DELEGATE, latest_code, pending

GUESSES = [f"Guess#{n:02d}x" for n in range(32)]


def counting(ctx) -> CountingHasher:
    ctx.hasher = CountingHasher(ctx.hasher)
    return ctx.hasher


def guessed(hasher: CountingHasher, guesses=GUESSES) -> set[str]:
    return {secret for secret in hasher.checked if secret in guesses}


def failures(ctx, account_id: int) -> int:
    with reading(ctx.engine) as session:
        return session.exec(
            select(func.count()).select_from(Event).where(Event.kind == "login failed", Event.account_id == account_id)
        ).one()


def test_packet_login_checks_at_most_the_limit_then_stays_locked(demo_ctx):
    opened, _ = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    limit = PROGRAM.login_policy.max_failures
    hasher = counting(demo_ctx)
    results = at_once([
        lambda g=g: accounts.login(demo_ctx, opened.account_id, g, PROGRAM.login_policy,
                                   service_phone="855", packet_id=opened.packet_id)
        for g in GUESSES
    ])
    assert all(isinstance(r, LoginFailed) for r in results), results
    assert len(guessed(hasher)) <= limit
    assert failures(demo_ctx, opened.account_id) <= limit
    with pytest.raises(LoginFailed) as locked:  # the owner's right password is refused until a rep unlocks
        accounts.login(demo_ctx, opened.account_id, NEW_PASSWORD, PROGRAM.login_policy, service_phone="855")
    assert locked.value.locked


def test_right_password_hidden_among_parallel_guesses_is_checked_only_within_the_limit(demo_ctx):
    opened, _ = log_in_first_time(demo_ctx, "DEMOTX-TEXAS2026")
    limit = PROGRAM.login_policy.max_failures
    hasher = counting(demo_ctx)
    guesses = GUESSES[:31] + [NEW_PASSWORD]
    results = at_once([
        lambda g=g: accounts.login(demo_ctx, opened.account_id, g, PROGRAM.login_policy, service_phone="855")
        for g in guesses
    ])
    checked = guessed(hasher, guesses)
    accepted = [g for g, r in zip(guesses, results, strict=True) if not isinstance(r, BaseException)]
    # Accepted only when it was one of the few guesses the limit let through.
    assert set(accepted) <= checked
    # As one after another: a right password forgives the failures before it, never the guesses still being
    # checked, so at most limit - 1 wrong guesses before it and limit after it (the last of them locks).
    assert len(checked) <= (2 * limit if accepted else limit)


def test_a_right_password_in_a_burst_does_not_forget_the_guesses_still_being_checked(demo_ctx):
    """The owner signs in while an attacker's guesses are being checked: those guesses, failing after the
    owner's success, still count, and the next wrong one locks the account."""
    opened, _ = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    policy = PROGRAM.login_policy
    in_flight = policy.max_failures - 1
    for _ in range(in_flight):
        accounts.reserve_attempt(demo_ctx, opened.account_id, policy, "855")
    accounts.login(demo_ctx, opened.account_id, NEW_PASSWORD, policy, service_phone="855")
    for _ in range(in_flight):
        accounts.note_failure(demo_ctx, opened.account_id, policy, "855", None)
    with pytest.raises(LoginFailed) as last:
        accounts.login(demo_ctx, opened.account_id, "Wrong123x", policy, service_phone="855")
    assert last.value.locked


def test_guesses_still_being_checked_hold_their_places(demo_ctx):
    opened, _ = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    policy = PROGRAM.login_policy
    hasher = counting(demo_ctx)
    for _ in range(policy.max_failures):
        accounts.reserve_attempt(demo_ctx, opened.account_id, policy, "855")
    with pytest.raises(LoginFailed):
        accounts.login(demo_ctx, opened.account_id, NEW_PASSWORD, policy, service_phone="855")
    assert NEW_PASSWORD not in hasher.checked


def test_guesses_abandoned_mid_check_count_as_failures(demo_ctx):
    """A guesser who drops the connection while their guess is checked gets no free attempt back."""
    opened, _ = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    policy = PROGRAM.login_policy
    for _ in range(policy.max_failures - 1):
        accounts.reserve_attempt(demo_ctx, opened.account_id, policy, "855")
    demo_ctx.clock.advance(accounts.ABANDONED_AFTER + timedelta(seconds=1))
    with pytest.raises(LoginFailed) as last:
        accounts.login(demo_ctx, opened.account_id, "Wrong123x", policy, service_phone="855")
    assert last.value.locked


def test_staff_login_checks_at_most_the_free_attempts_from_one_source(demo_ctx):
    limit = staff_throttle().free_failures
    hasher = counting(demo_ctx)
    results = at_once([lambda g=g: accounts.staff_login(demo_ctx, "rep", g) for g in GUESSES])
    assert all(isinstance(r, LoginFailed) for r in results), results
    assert len(guessed(hasher)) <= limit


def test_portal_login_checks_at_most_the_limit(demo_ctx):
    limit = portal_policy().login.max_failures
    hasher = counting(demo_ctx)
    results = at_once([lambda g=g: portal_login.log_in(demo_ctx, DELEGATE[0], g) for g in GUESSES])
    assert all(isinstance(r, LoginFailed) for r in results), results
    assert len(guessed(hasher)) <= limit
    with reading(demo_ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == DELEGATE[0])).one()
    assert account.locked_at is not None


def test_hcsc_login_checks_at_most_the_limit(demo_ctx):
    limit = program("hcsc_onboarding").login_policy.max_failures
    hasher = counting(demo_ctx)
    results = at_once([lambda g=g: onboarding.login(demo_ctx, "hcsc_onboarding", "praman", g, "HCSC") for g in GUESSES])
    assert all(isinstance(r, LoginFailed) for r in results), results
    assert len(guessed(hasher)) <= limit
    with pytest.raises(LoginFailed, match="locked"):
        onboarding.login(demo_ctx, "hcsc_onboarding", "praman", "PriyaPro2026", "HCSC")


def test_one_time_code_checks_at_most_its_attempts(demo_ctx):
    step = pending(demo_ctx, DELEGATE)
    portal_login.send_code(demo_ctx, step, "email")
    limit = portal_policy().codes.max_attempts
    wrong = [f"WRNGCD{n:02d}".replace("0", "A").replace("1", "B") for n in range(32)]
    hasher = counting(demo_ctx)
    results = at_once([lambda c=c: portal_login.verify_code(demo_ctx, step, c) for c in wrong])
    assert all(isinstance(r, CodeRefused) for r in results), results
    assert len(guessed(hasher, wrong)) <= limit


def test_a_right_code_sent_twice_at_once_signs_in_once(demo_ctx):
    step = pending(demo_ctx, DELEGATE)
    portal_login.send_code(demo_ctx, step, "email")
    message = outbox.messages(demo_ctx, account_id=step.user.account_id, limit=1)[0]
    code = latest_code(demo_ctx, message.to_address)
    results = at_once([lambda: portal_login.verify_code(demo_ctx, step, code) for _ in range(8)])
    assert sum(not isinstance(r, BaseException) for r in results) == 1, results


def test_guessing_does_not_leave_the_password_usable_by_the_next_guess(demo_ctx):
    """After a parallel burst the count stays right: the limit's last failure locks, sequentially too."""
    opened, _ = log_in_first_time(demo_ctx, "DEMONMOK-NMOK2026")
    at_once([
        lambda g=g: accounts.login(demo_ctx, opened.account_id, g, PROGRAM.login_policy, service_phone="855")
        for g in GUESSES[:3]
    ])
    with pytest.raises(LoginFailed) as last:
        accounts.login(demo_ctx, opened.account_id, "Wrong123x", PROGRAM.login_policy, service_phone="855")
    assert last.value.locked


def test_typing_pattern_tries_sent_at_once_are_judged_at_most_the_limit(demo_ctx, monkeypatch):
    from core.portal import typing_pattern
    from tests.portal_helpers import Typist, sign_in_by_email

    typing = portal_policy().typing
    signed = sign_in_by_email(demo_ctx)
    typing_pattern.enroll(demo_ctx, signed.actor, [Typist(11).sample() for _ in range(typing.enroll_samples)])
    step = pending(demo_ctx, DELEGATE)
    judged = []
    real_judge = typing_pattern.judge

    def counting_judge(*args, **kwargs):
        judged.append(1)
        time.sleep(0.03)
        return real_judge(*args, **kwargs)

    monkeypatch.setattr(typing_pattern, "judge", counting_judge)
    impostor = Typist(97, speed=0.3)
    samples = [impostor.sample() for _ in range(16)]
    results = at_once([lambda s=s: portal_login.verify_typing(demo_ctx, step, s) for s in samples])
    assert all(isinstance(r, LoginFailed) for r in results), results
    assert len(judged) <= typing.max_attempts
