"""PII encryption at rest (AES-256-GCM) and keyed blind indexes for exact search.

The key lives outside the database: in PACKETDESK_KEY (base64) or in a key file created on
first run with mode 0600 (core.kernel.keyfile); core.kernel.keys checks it belongs to the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_ID = 1  # one byte stored before each value, so keys can be rotated later


class PiiCipher:
    """Encrypts and decrypts PII values; derives blind-index keys from the same secret."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the PII key must be 32 bytes")
        self._aead = AESGCM(key)
        self._index_key = hashlib.sha256(b"packetdesk-blind-index" + key).digest()

    def encrypt(self, plain: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plain.encode("utf-8"), None)
        return base64.b64encode(bytes([KEY_ID]) + nonce + sealed).decode("ascii")

    def decrypt(self, token: str) -> str:
        raw = base64.b64decode(token)
        if raw[0] != KEY_ID:
            raise ValueError(f"unknown PII key id {raw[0]}")
        return self._aead.decrypt(raw[1:13], raw[13:], None).decode("utf-8")

    def blind_index(self, value: str) -> str:
        """A keyed hash for exact-match lookups of an encrypted value."""
        return hmac.new(self._index_key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def mask_last4(value: str | None, width: int = 5) -> str:
    """Show only the last four characters: '•••••1234'."""
    if not value:
        return ""
    digits = value.replace("-", "").replace(" ", "")
    return "•" * width + digits[-4:]
