"""Whether the PII key belongs to this database, and the token key kept with it.

At creation the database stores a check value (an HMAC of a constant under the key) and the token
key (for keyed hashes of invitation codes, device tokens and links) encrypted under the PII key. At
every start the key must give the same check value: a missing key file next to an existing database,
or another database's key, stops Packetdesk before anything is written under the wrong key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import Engine, String, TypeDecorator, select
from sqlmodel import Field, SQLModel

from core.kernel.config import Settings
from core.kernel.crypto import PiiCipher
from core.kernel.db import insert_ignore, reading, writing
from core.kernel.keyfile import (
    KeyProblem,
    create_key_file,
    key_check,
    missing_key_message,
    parse_key,
    read_key,
)


class Keyring(SQLModel, table=True):
    """One row: the key check value and the wrapped token key."""

    __tablename__ = "keyring"

    id: int = Field(default=1, primary_key=True)
    check_value: str
    """HMAC-SHA-256 of a constant under the PII key (core.kernel.keyfile.key_check)."""
    token_key_enc: str
    """The token key, encrypted under the PII key; a rekey re-encrypts it, so issued codes keep working."""
    created_at: datetime
    rotated_at: datetime | None = None


@dataclass(frozen=True)
class OpenedKeys:
    key: bytes
    token_key: bytes


def describe(engine: Engine) -> str:
    """The database for a message, without a password."""
    return engine.url.render_as_string(hide_password=True)


def encrypted_columns(table: object) -> list[str]:
    """Columns holding values encrypted under the PII key: *_enc, and JSON marked info={"pii": "json"}."""
    return [c.name for c in table.columns if c.name.endswith("_enc") or c.info.get("pii") == "json"]  # type: ignore[attr-defined]


def is_text(column: Any) -> bool:
    """Whether a column holds text (SQLModel's AutoString included)."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, String)


def _sample(engine: Engine) -> tuple[bool, str | None]:
    """Whether any table with encrypted columns holds rows, and one encrypted value to try the key on."""
    from core.kernel.tables import register_tables

    register_tables()
    has_rows, sample = False, None
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            names = encrypted_columns(table)
            if not names:
                continue
            has_rows = has_rows or connection.execute(select(table.c[names[0]]).limit(1)).first() is not None
            for name in (n for n in names if n.endswith("_enc") and sample is None):
                column = table.c[name]
                if is_text(column):
                    found = connection.execute(select(column).where(column.is_not(None), column != "").limit(1)).first()
                    sample = found[0] if found else None
            if has_rows and sample is not None:
                break
    return has_rows, sample


def _wrong_key(where: str, engine: Engine, settings: Settings) -> KeyProblem:
    message = (
        f"The PII key in {where} does not belong to the database {describe(engine)}: data there was "
        "encrypted with another key. Use the key file this database was created with."
    )
    pending = settings.key_file.with_name(settings.key_file.name + ".new")
    if pending.exists():
        message += (f" {pending} exists: a `packetdesk rekey` was interrupted after the database changed; "
                    f"if that key opens it, move it to {settings.key_file}.")
    return KeyProblem(message)


def open_keys(settings: Settings, engine: Engine, now: datetime) -> OpenedKeys:
    """The PII key for this database (made only for a new one) and its token key; KeyProblem otherwise."""
    key = read_key(settings.key_file, settings.key_b64)
    where = "PACKETDESK_KEY" if settings.key_b64 else str(settings.key_file)
    with reading(engine) as session:
        row = session.get(Keyring, 1)
    has_rows, sample = (True, None) if row is not None else _sample(engine)
    if key is None:
        if row is not None or has_rows:
            raise KeyProblem(missing_key_message(settings.key_file, describe(engine)))
        key = create_key_file(settings.key_file)
    cipher = PiiCipher(key)
    if row is None:
        if sample is not None:
            try:  # a database from before the check value: the key must open what is there
                cipher.decrypt(sample)
            except (InvalidTag, ValueError):
                raise _wrong_key(where, engine, settings) from None
        token_key = hmac.new(key, b"packetdesk token key v1", hashlib.sha256).digest()
        with writing(engine) as session:
            insert_ignore(session, Keyring, id=1, check_value=key_check(key),
                          token_key_enc=cipher.encrypt(base64.b64encode(token_key).decode("ascii")), created_at=now)
        with reading(engine) as session:
            row = session.get(Keyring, 1)
        assert row is not None
    if not hmac.compare_digest(row.check_value, key_check(key)):
        raise _wrong_key(where, engine, settings)
    return OpenedKeys(key, parse_key(cipher.decrypt(row.token_key_enc), "the database's keyring"))
