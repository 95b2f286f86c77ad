"""Injected time and randomness, so flows and snapshots are deterministic."""

from __future__ import annotations

import random
import secrets
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

# Letters and digits that cannot be misread when typed from an email (no 0/O, 1/l/I).
UNAMBIGUOUS = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that moves only when told to (tests, scripts)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 24, 14, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when if when.tzinfo else when.replace(tzinfo=UTC)

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class IdSource(Protocol):
    def token(self, length: int, alphabet: str = UNAMBIGUOUS) -> str:
        """A random string for codes and temporary passwords."""
        ...

    def digits(self, length: int) -> str:
        """A random string of digits."""
        ...


class SystemIds:
    """Cryptographically random ids."""

    def token(self, length: int, alphabet: str = UNAMBIGUOUS) -> str:
        # One read of random bytes per token, not one per character (a campaign draws 100,000 codes);
        # bytes at or above the largest multiple of the alphabet's size are skipped, so every character is equally likely.
        size = len(alphabet)
        if size > 256:
            return "".join(secrets.choice(alphabet) for _ in range(length))
        limit = 256 - 256 % size
        chosen: list[str] = []
        while len(chosen) < length:
            chosen += [alphabet[b % size] for b in secrets.token_bytes(length + 8) if b < limit]
        return "".join(chosen[:length])

    def digits(self, length: int) -> str:
        return self.token(length, string.digits)


class SeededIds:
    """Repeatable ids for tests and scripted runs."""

    def __init__(self, seed: int = 1234) -> None:
        self._random = random.Random(seed)

    def token(self, length: int, alphabet: str = UNAMBIGUOUS) -> str:
        return "".join(self._random.choice(alphabet) for _ in range(length))

    def digits(self, length: int) -> str:
        return "".join(self._random.choice(string.digits) for _ in range(length))


def as_utc(value: datetime) -> datetime:
    """Datetimes read back from SQLite lose their zone; they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
