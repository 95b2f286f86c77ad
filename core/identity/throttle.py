"""Staff sign-in delays per username and source, instead of a lock anyone knowing a username could set off.

Each attempt is counted before its password is checked, under a row lock, so parallel guesses from one
source get no more checks than sequential ones. After `free_failures` the source waits
`first_delay_seconds`, doubling with each further failure up to `max_delay_seconds`; other sources
(the real owner at their own desk) are not affected, and a success clears the source's count.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlmodel import select

from core.identity.models import LoginThrottle
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import insert_ignore, reading, writing
from core.kernel.errors import LoginFailed


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 5
    first_delay_seconds: int = 2
    max_delay_seconds: int = 900

    def delay(self, failures: int) -> timedelta | None:
        """How long a source waits after this many failures (None: no wait yet)."""
        if failures < self.free_failures:
            return None
        exponent = min(failures - self.free_failures, 30)
        return timedelta(seconds=min(self.first_delay_seconds * 2**exponent, self.max_delay_seconds))


@cache
def staff_throttle() -> ThrottlePolicy:
    raw = tomllib.loads((DATA_DIR / "security.toml").read_text(encoding="utf-8"))["staff"]
    return ThrottlePolicy(**raw["throttle"])


def name_key(ctx: AppContext, username: str) -> str:
    return ctx.cipher.blind_index("staff-login:" + username.strip().lower())


def wait_message(next_at: datetime, now: datetime) -> str:
    seconds = max(1, math.ceil((next_at - now).total_seconds()))
    return (f"Too many failed sign-ins for this username from here. Try again after {next_at:%H:%M:%S} UTC "
            f"(in {seconds} second{'s' if seconds != 1 else ''}).")


def reserve(ctx: AppContext, key: str, source: str, policy: ThrottlePolicy) -> int:
    """Count one attempt before it is checked; refused at once while the source must wait."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        insert_ignore(session, LoginThrottle, name_key=key, source=source, failures=0, updated_at=now)
        row = session.exec(
            select(LoginThrottle).where(LoginThrottle.name_key == key, LoginThrottle.source == source).with_for_update()
        ).one()
        next_at = as_utc(row.next_at) if row.next_at is not None else None
        if next_at is not None and now < next_at:
            refusal = LoginFailed(wait_message(next_at, now))
        else:
            refusal = None
            # Counted as failed until proven right: a burst cannot slip past the delay.
            row.failures += 1
            delay = policy.delay(row.failures)
            row.next_at = now + delay if delay else None
            row.updated_at = now
            count = row.failures
    if refusal is not None:
        raise refusal
    return count


def failed(ctx: AppContext, key: str, source: str) -> LoginFailed:
    """The refusal for a wrong password (already counted); says when the next try is checked, if it must wait."""
    now = ctx.clock.now()
    with reading(ctx.engine) as session:
        row = session.get(LoginThrottle, (key, source))
        next_at = as_utc(row.next_at) if row is not None and row.next_at is not None else None
    message = "That username and password do not match."
    if next_at is not None and next_at > now:
        message += " " + wait_message(next_at, now)
    return LoginFailed(message)


def succeeded(ctx: AppContext, key: str, source: str) -> None:
    with writing(ctx.engine) as session:
        row = session.get(LoginThrottle, (key, source))
        if row is not None:
            row.failures = 0
            row.next_at = None
            row.updated_at = ctx.clock.now()
