"""High-entropy tokens (invitation codes, device tokens, email links, step tickets) as keyed hashes.

HMAC-SHA-256 under a key kept with the database (core.kernel.keys), so a lookup costs microseconds:
argon2 is for what people choose and type. Rows written before issue 13 hold argon2 hashes; they
are recognised by their prefix and still checked with argon2 until they expire or are replaced.
"""

from __future__ import annotations

import hashlib
import hmac

from core.kernel.hashing import SecretHasher

PREFIX = "hmac-sha256$"


class TokenHasher:
    """Keyed hashes of tokens; verifies old argon2 rows too."""

    def __init__(self, key: bytes, legacy: SecretHasher) -> None:
        if len(key) < 32:
            raise ValueError("the token key must be at least 32 bytes")
        self._key = key
        self._legacy = legacy

    def digest(self, token: str) -> str:
        return PREFIX + hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).hexdigest()

    def verify(self, stored: str | None, token: str) -> bool:
        expected = self.digest(token)
        if not stored:
            return False
        if stored.startswith(PREFIX):
            return hmac.compare_digest(stored, expected)
        return self._legacy.verify(stored, token)
