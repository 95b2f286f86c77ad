"""Secrets (passwords, temporary passwords, codes, tokens) exist only as argon2 hashes."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache(maxsize=4)
def _hasher(fast: bool) -> PasswordHasher:
    if fast:
        # Tests and scripted runs only: same algorithm, tiny cost.
        return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    return PasswordHasher()


class SecretHasher:
    """argon2id hashing; `fast` lowers the cost for tests, never for real use."""

    def __init__(self, fast: bool = False) -> None:
        self._ph = _hasher(fast)

    def hash(self, secret: str) -> str:
        return self._ph.hash(secret)

    def verify(self, hashed: str | None, secret: str) -> bool:
        if not hashed:
            return False
        try:
            return self._ph.verify(hashed, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
