"""The PII key as a file or an environment variable: read, checked for shape, created only for a new database.

Kept free of heavy imports: the command line checks the key before the first screen is drawn.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from core.kernel.errors import PacketdeskError

KEY_BYTES = 32
CHECK_INPUT = b"packetdesk key check v1"


class KeyProblem(PacketdeskError):
    """The key is missing, malformed or not this database's: Packetdesk must not start (exit status 2)."""

    exit_code = 2


def parse_key(text: str, where: str) -> bytes:
    """The key bytes from base64 text, or a KeyProblem saying what is wrong and where."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyProblem(
            f"The PII key in {where} is not valid base64. It must be the base64 text of {KEY_BYTES} random "
            "bytes, as Packetdesk wrote it. Restore the key from your backup; do not edit it."
        ) from None
    if len(raw) != KEY_BYTES:
        raise KeyProblem(
            f"The PII key in {where} is {len(raw)} bytes long; it must be {KEY_BYTES} bytes (base64 of "
            f"{KEY_BYTES} random bytes). Restore the key from your backup."
        )
    return raw


def read_key(key_file: Path, key_b64: str | None) -> bytes | None:
    """The key from PACKETDESK_KEY, else from its file; None when there is no file."""
    if key_b64:
        return parse_key(key_b64, "PACKETDESK_KEY")
    try:
        text = key_file.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"The PII key file {key_file} cannot be read ({type(exc).__name__}).") from None
    return parse_key(text, str(key_file))


def write_key_file(path: Path, key: bytes) -> None:
    """Write a key readable only by its owner; never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(key).decode("ascii"))
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o600)  # whatever the umask said


def create_key_file(path: Path) -> bytes:
    """A new random key in a new file; when another start made it first, theirs."""
    key = os.urandom(KEY_BYTES)
    try:
        write_key_file(path, key)
    except FileExistsError:
        found = read_key(path, None)
        assert found is not None
        return found
    return key


def key_check(key: bytes) -> str:
    """A value stored with the database at creation: the same key gives the same value, another key not."""
    import hashlib
    import hmac

    return hmac.new(key, CHECK_INPUT, hashlib.sha256).hexdigest()


def missing_key_message(key_file: Path, database: str) -> str:
    return (
        f"The PII key file {key_file} is missing, but the database {database} already holds data "
        "encrypted with a key. Restore the key file from your backup to that path (or point "
        "PACKETDESK_KEY_FILE at it). Packetdesk does not make a new key for an existing database: "
        "nothing stored could be read with it."
    )


def sqlite_path(database_url: str) -> Path | None:
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if database_url.startswith(prefix) and database_url != prefix + ":memory:":
            return Path(database_url.removeprefix(prefix))
    return None


def preflight(key_file: Path, key_b64: str | None, database_url: str) -> None:
    """The checks possible before the database is opened: a malformed key, a missing one next to a SQLite file.

    The full check (PostgreSQL, a key of another database) runs when the database opens.
    """
    key = read_key(key_file, key_b64)
    path = sqlite_path(database_url)
    if key is None and path is not None and path.exists() and path.stat().st_size > 0:
        raise KeyProblem(missing_key_message(key_file, str(path)))
