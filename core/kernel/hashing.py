"""What people choose and type (passwords, temporary passwords, short codes) exists only as argon2 hashes.

High-entropy tokens (invitation codes, device tokens, links) use keyed hashes instead: core.kernel.tokens.
"""

from __future__ import annotations

from functools import cache, lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# A real argon2id hash with argon2-cffi's default parameters (the production cost), of a string no one types.
# Checking against it when there is no account costs what checking a real password costs.
_PRODUCTION_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$Y3CB0O6pSFbVvQjyPyAc/g$f8up3NLlKrdSpoI0XgtjFWXLtElOYTwz/ZCsurWD/l0"


@lru_cache(maxsize=4)
def _hasher(fast: bool) -> PasswordHasher:
    if fast:
        # Tests and scripted runs only: same algorithm, tiny cost.
        return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    return PasswordHasher()


@cache
def _dummy(fast: bool) -> str:
    hasher = _hasher(fast)
    if not fast and not hasher.check_needs_rehash(_PRODUCTION_DUMMY):
        return _PRODUCTION_DUMMY
    return hasher.hash("packetdesk: no such account")  # parameters changed: same cost as real hashes


class SecretHasher:
    """argon2id hashing; `fast` lowers the cost for tests, never for real use."""

    def __init__(self, fast: bool = False) -> None:
        self._fast = fast
        self._ph = _hasher(fast)

    def hash(self, secret: str) -> str:
        return self._ph.hash(secret)

    def verify(self, hashed: str | None, secret: str) -> bool:
        """Whether the secret matches; with no hash, a dummy is checked so the answer takes as long."""
        try:
            if not hashed:
                self._ph.verify(_dummy(self._fast), secret)
                return False
            return self._ph.verify(hashed, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
