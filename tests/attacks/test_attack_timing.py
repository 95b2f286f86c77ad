"""Timing: an unknown username must answer in the time a known one does (production argon2 cost).

Before: 0.4 ms for an unknown staff username against 343 ms for a known one, 1.7 ms against 290 ms
on the portal, so a stopwatch listed the usernames. Rounds alternate known and unknown so a loaded
machine slows both alike, and the median of the per-round ratios is compared.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest
from sqlalchemy import text

from core.identity import accounts
from core.kernel.errors import LoginFailed
from core.kernel.hashing import SecretHasher
from core.packets import accounts as onboarding
from core.portal import login as portal_login

ROUNDS = 4
PASSWORD = "Known#Password2026"


@pytest.fixture
def slow_ctx(sqlite_ctx):
    """The demo, with the production hasher and production-cost hashes for the accounts timed."""
    sqlite_ctx.hasher = SecretHasher(fast=False)
    hashed = sqlite_ctx.hasher.hash(PASSWORD)
    with sqlite_ctx.engine.begin() as connection:
        connection.execute(text("UPDATE account SET password_hash = :h, temp_password_hash = NULL "
                                "WHERE username IN ('rep', 'dpatel2026', 'praman')"), {"h": hashed})
    return sqlite_ctx


def refused_in(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    with pytest.raises(LoginFailed):
        call()
    return time.perf_counter() - started


def ratio(ctx, known: Callable[[int], object], unknown: Callable[[int], object]) -> float:
    ratios = []
    for i in range(ROUNDS):
        with ctx.engine.begin() as connection:  # keep the known account below its lockout between rounds
            connection.execute(text("UPDATE account SET failed_logins = 0, locked_at = NULL"))
        known_time = refused_in(lambda i=i: known(i))
        unknown_time = refused_in(lambda i=i: unknown(i))
        ratios.append(known_time / unknown_time)
    return statistics.median(ratios)


def test_staff_login_unknown_username_takes_as_long(slow_ctx):
    result = ratio(
        slow_ctx,
        lambda i: accounts.staff_login(slow_ctx, "rep", "Wrong#2026", source=f"known-{i}"),
        lambda i: accounts.staff_login(slow_ctx, "nosuchrep", "Wrong#2026", source=f"unknown-{i}"),
    )
    assert 1 / 1.5 < result < 1.5, result


def test_portal_login_unknown_username_takes_as_long(slow_ctx):
    result = ratio(
        slow_ctx,
        lambda i: portal_login.log_in(slow_ctx, "dpatel2026", "Wrong#2026"),
        lambda i: portal_login.log_in(slow_ctx, "nosuchdelegate", "Wrong#2026"),
    )
    assert 1 / 1.5 < result < 1.5, result


def test_hcsc_login_unknown_name_takes_as_long(slow_ctx):
    result = ratio(
        slow_ctx,
        lambda i: onboarding.login(slow_ctx, "hcsc_onboarding", "praman", "Wrong#2026", "HCSC"),
        lambda i: onboarding.login(slow_ctx, "hcsc_onboarding", "nosuchname", "Wrong#2026", "HCSC"),
    )
    assert 1 / 1.5 < result < 1.5, result
