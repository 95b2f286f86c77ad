"""PII encryption at rest (AES-256-GCM) and keyed blind indexes for exact search.

The key lives outside the database: in PACKETDESK_KEY (base64) or in a key file created on
first run with mode 0600.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

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


def load_or_create_key(key_file: Path, key_b64: str | None = None) -> bytes:
    """The key from the environment, else from its file, else a new file readable only by its owner."""
    if key_b64:
        return base64.b64decode(key_b64)
    if key_file.exists():
        return base64.b64decode(key_file.read_text().strip())
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = AESGCM.generate_key(bit_length=256)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(key).decode("ascii"))
    return key


def mask_last4(value: str | None, width: int = 5) -> str:
    """Show only the last four characters: '•••••1234'."""
    if not value:
        return ""
    digits = value.replace("-", "").replace(" ", "")
    return "•" * width + digits[-4:]
