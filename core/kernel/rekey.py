"""`packetdesk rekey`: re-encrypt everything under a new PII key in one transaction, then swap the key files.

What is rewritten is found in the schema, not listed here: every column named *_enc, every column
marked info={"pii": "json"} (answers with {"enc": ...} values inside), and every blind index marked
info={"blind_index_of": column}. Tables marked info={"rekey": "clear"} hold keyed hashes of values
that are not kept (typed usernames) and are emptied. The token key is re-wrapped, so codes already
sent keep working.

Order, so a crash never leaves data without its key: the new key is written to KEY.new first; the
database changes in one transaction; then KEY becomes KEY.replaced-<time> and KEY.new becomes KEY.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from sqlalchemy import Table, and_, bindparam, delete, func, select
from sqlmodel import Session, SQLModel

from core.kernel.context import AppContext
from core.kernel.crypto import PiiCipher
from core.kernel.db import writing
from core.kernel.errors import PacketdeskError
from core.kernel.keyfile import KEY_BYTES, KeyProblem, key_check, write_key_file
from core.kernel.keys import Keyring, encrypted_columns, is_text
from core.kernel.tables import register_tables

PAGE = 500


@dataclass(frozen=True)
class Rekeyed:
    values: int
    """Encrypted values rewritten (JSON documents count once per value inside)."""
    indexes: int
    key_file: Path
    backup: Path
    """The previous key, kept until every backup made with it is gone."""


def _open_sessions(ctx: AppContext) -> int:
    # Looked up by name: the kernel does not import the identity feature that owns the table.
    login = SQLModel.metadata.tables.get("login")
    if login is None:
        return 0
    cutoff = ctx.clock.now() - timedelta(minutes=ctx.settings.idle_minutes)
    with ctx.engine.connect() as connection:
        return int(connection.execute(
            select(func.count()).select_from(login).where(login.c.ended_at.is_(None), login.c.last_seen_at >= cutoff)
        ).scalar_one())


def _reseal_json(value: Any, old: PiiCipher, new: PiiCipher) -> tuple[Any, int]:
    if isinstance(value, dict):
        if set(value) == {"enc"} and isinstance(value["enc"], str):
            return {"enc": new.encrypt(old.decrypt(value["enc"]))}, 1
        count = 0
        out = {}
        for key, item in value.items():
            out[key], n = _reseal_json(item, old, new)
            count += n
        return out, count
    if isinstance(value, list):
        pairs = [_reseal_json(item, old, new) for item in value]
        return [p[0] for p in pairs], sum(p[1] for p in pairs)
    return value, 0


def _rekey_table(session: Session, table: Table, old: PiiCipher, new: PiiCipher) -> tuple[int, int]:
    names = encrypted_columns(table)
    indexes = {c.name: c.info["blind_index_of"] for c in table.columns if "blind_index_of" in c.info}
    for name in names:
        if not is_text(table.c[name]):
            raise PacketdeskError(f"rekey does not know how to re-encrypt {table.name}.{name} (not text); nothing was changed.")
    keys = list(table.primary_key.columns)
    statement = (
        table.update()
        .where(and_(*(c == bindparam(f"k_{c.name}") for c in keys)))
        .values({n: bindparam(f"v_{n}") for n in [*names, *indexes]})
    )
    values = index_count = 0
    offset = 0
    while True:
        rows = session.execute(
            select(*keys, *(table.c[n] for n in names), *(table.c[n] for n in indexes))
            .order_by(*keys).offset(offset).limit(PAGE)
        ).mappings().all()
        if not rows:
            break
        offset += len(rows)
        batch = []
        for row in rows:
            try:
                batch.append(_new_values(table, row, keys, names, indexes, old, new))
            except (InvalidTag, ValueError) as exc:
                raise PacketdeskError(
                    f"A value in {table.name} could not be decrypted with the current key ({type(exc).__name__}): "
                    "it was written under another key. Nothing was changed; the key file is as it was."
                ) from None
        values += sum(b.pop("_values") for b in batch)
        index_count += sum(b.pop("_indexes") for b in batch)
        session.execute(statement, batch)
    return values, index_count


def _new_values(table: Table, row: Any, keys: list[Any], names: list[str], indexes: dict[str, str],
                old: PiiCipher, new: PiiCipher) -> dict[str, Any]:
    """One row's update parameters, with "_values" and "_indexes" counting what changed."""
    params: dict[str, Any] = {f"k_{c.name}": row[c.name] for c in keys}
    plain: dict[str, str] = {}
    values = index_count = 0
    for name in names:
        current = row[name]
        if not current:
            params[f"v_{name}"] = current
        elif table.c[name].info.get("pii") == "json":
            resealed, count = _reseal_json(json.loads(current), old, new)
            params[f"v_{name}"] = json.dumps(resealed, sort_keys=True)
            values += count
        else:
            plain[name] = old.decrypt(current)
            params[f"v_{name}"] = new.encrypt(plain[name])
            values += 1
    for name, source in indexes.items():
        if plain.get(source):
            params[f"v_{name}"] = new.blind_index(plain[source])
            index_count += 1
        else:
            params[f"v_{name}"] = row[name]
    params["_values"], params["_indexes"] = values, index_count
    return params


def rekey(ctx: AppContext, *, force: bool = False) -> Rekeyed:
    """Re-encrypt every encrypted value under a new key; the old key file is kept as a backup."""
    settings = ctx.settings
    if settings.key_b64:
        raise KeyProblem("packetdesk rekey replaces the key file, but the key comes from PACKETDESK_KEY. Put it in a "
                         "key file (PACKETDESK_KEY_FILE), unset PACKETDESK_KEY, and run rekey again.")
    register_tables()
    if not force and (busy := _open_sessions(ctx)):
        raise PacketdeskError(f"{busy} Packetdesk session{'s are' if busy != 1 else ' is'} open on this database. Every "
                              "running Packetdesk keeps the old key and would write under it: stop them all, then run "
                              "rekey again (--force if those sessions are stale).")
    key_file = settings.key_file
    pending = key_file.with_name(key_file.name + ".new")
    if pending.exists():
        raise KeyProblem(f"{pending} exists: an earlier rekey was interrupted. Check which key opens the database "
                         "(the message at start says), keep that one as the key file, remove the other.")
    new_key = os.urandom(KEY_BYTES)
    new = PiiCipher(new_key)
    write_key_file(pending, new_key)
    values = indexes = 0
    try:
        with writing(ctx.engine) as session:
            ring = session.get(Keyring, 1, with_for_update=True)
            assert ring is not None  # the context opened with it
            token_key = ctx.cipher.decrypt(ring.token_key_enc)
            for table in SQLModel.metadata.sorted_tables:
                if table.info.get("rekey") == "clear":
                    session.execute(delete(table))
                    continue
                if encrypted_columns(table):
                    found = _rekey_table(session, table, ctx.cipher, new)
                    values += found[0]
                    indexes += found[1]
            ring.check_value = key_check(new_key)
            ring.token_key_enc = new.encrypt(token_key)
            ring.rotated_at = ctx.clock.now()
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    backup = key_file.with_name(f"{key_file.name}.replaced-{ctx.clock.now():%Y%m%dT%H%M%SZ}")
    os.replace(key_file, backup)
    os.chmod(backup, 0o600)  # a key, even an old one, is for its owner only
    os.replace(pending, key_file)
    ctx.cipher = new
    return Rekeyed(values, indexes, key_file, backup)
