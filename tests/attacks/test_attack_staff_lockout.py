"""Staff lock-out: anyone who knows a staff username could lock them out with five wrong passwords.

Staff are delayed instead, per username and source: after five failures from one source that source
waits 2 s, then 4, 8... (data/security.toml), refused at once without a check; another source, such
as the real rep at their own desk, signs in as usual. The clock is the injected one.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.identity import accounts
from core.identity.throttle import staff_throttle
from core.kernel.errors import LoginFailed
from tests.helpers.attacks import CountingHasher

ATTACKER = "203.0.113.9"
DESK = "10.1.2.3"


def test_five_wrong_passwords_from_anywhere_do_not_lock_the_rep_out(demo_ctx):
    """The attack as it was: five failures, then the rep cannot sign in for 30 minutes."""
    for _ in range(5):
        with pytest.raises(LoginFailed):
            accounts.staff_login(demo_ctx, "rep", "nope", source=ATTACKER)
    outcome = accounts.staff_login(demo_ctx, "rep", "RepDesk#2026", source=DESK)
    assert outcome.account.username == "rep"
    assert accounts.get(demo_ctx, outcome.account.id).locked_at is None


def test_the_guessing_source_waits_twice_as_long_after_each_failure(demo_ctx):
    policy = staff_throttle()
    assert (policy.free_failures, policy.first_delay_seconds) == (5, 2)
    for attempt in range(1, 5):
        with pytest.raises(LoginFailed) as refused:
            accounts.staff_login(demo_ctx, "rep", f"nope{attempt}", source=ATTACKER)
        assert str(refused.value) == "That username and password do not match."
    with pytest.raises(LoginFailed, match=r"Try again after 14:00:02 UTC \(in 2 seconds\)"):
        accounts.staff_login(demo_ctx, "rep", "nope5", source=ATTACKER)
    # While it waits, even the right password is refused at once, without being checked.
    demo_ctx.hasher = hasher = CountingHasher(demo_ctx.hasher, delay=0)
    with pytest.raises(LoginFailed, match=r"in 2 seconds"):
        accounts.staff_login(demo_ctx, "rep", "RepDesk#2026", source=ATTACKER)
    assert hasher.checked == []
    waited = 2
    for expected in (4, 8, 16):
        demo_ctx.clock.advance(timedelta(seconds=waited))
        with pytest.raises(LoginFailed, match=rf"\(in {expected} seconds\)"):
            accounts.staff_login(demo_ctx, "rep", "still wrong", source=ATTACKER)
        waited = expected
    demo_ctx.clock.advance(timedelta(seconds=waited - 1))
    with pytest.raises(LoginFailed, match=r"in 1 second\)"):
        accounts.staff_login(demo_ctx, "rep", "RepDesk#2026", source=ATTACKER)
    demo_ctx.clock.advance(timedelta(seconds=1))
    # The wait over, the right password works from there too, and clears the count.
    assert accounts.staff_login(demo_ctx, "rep", "RepDesk#2026", source=ATTACKER).account.username == "rep"
    with pytest.raises(LoginFailed) as fresh:
        accounts.staff_login(demo_ctx, "rep", "nope", source=ATTACKER)
    assert "Try again" not in str(fresh.value)


def test_the_delay_is_capped(demo_ctx):
    policy = staff_throttle()
    assert policy.delay(5 + 40) == timedelta(seconds=policy.max_delay_seconds)
    assert policy.delay(4) is None and policy.delay(5) == timedelta(seconds=2) and policy.delay(6) == timedelta(seconds=4)


def test_another_source_and_another_username_are_not_delayed(demo_ctx):
    for _ in range(6):
        demo_ctx.clock.advance(timedelta(minutes=20))
        with pytest.raises(LoginFailed):
            accounts.staff_login(demo_ctx, "rep", "nope", source=ATTACKER)
    with pytest.raises(LoginFailed, match="Try again"):
        accounts.staff_login(demo_ctx, "rep", "nope", source=ATTACKER)
    assert accounts.staff_login(demo_ctx, "reviewer", "Review#2026", source=ATTACKER).account.role == "reviewer"
    assert accounts.staff_login(demo_ctx, "rep", "RepDesk#2026", source=DESK).account.role == "rep"
    # The host is the source when none is given (the SSH server passes the client's address).
    assert accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").account.role == "rep"


def test_unknown_usernames_are_delayed_the_same_way(demo_ctx):
    """Otherwise the delay itself would tell which usernames exist."""
    answers = {}
    for username in ("rep", "nosuchrep"):
        texts = []
        for _ in range(6):
            with pytest.raises(LoginFailed) as refused:
                accounts.staff_login(demo_ctx, username, "nope", source=ATTACKER)
            texts.append(str(refused.value))
        answers[username] = texts
    assert answers["rep"] == answers["nosuchrep"]
    assert answers["rep"][0] == "That username and password do not match."
    assert "Try again after" in answers["rep"][-1]
