"""Remember this device for 30 days: a token file in the user's config folder, its hash in the database.

The token is SELECTOR.VERIFIER: the selector finds the row, the verifier is checked against its
keyed hash (HMAC-SHA-256; rows from before issue 13 hold argon2 hashes and still work). The file is named after the database and the username, so two databases on one
machine never overwrite each other's token.
"""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor, record
from core.portal.models import DeviceToken
from core.portal.policy import policy

SELECTOR_LENGTH = 12
VERIFIER_LENGTH = 32


def device_dir(env: dict[str, str] | None = None) -> Path:
    """PACKETDESK_DEVICE_DIR, else $XDG_CONFIG_HOME/packetdesk/devices (~/.config by default)."""
    env = dict(os.environ if env is None else env)
    if env.get("PACKETDESK_DEVICE_DIR"):
        return Path(env["PACKETDESK_DEVICE_DIR"])
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "packetdesk" / "devices"


def token_file(ctx: AppContext, username: str, folder: Path | None = None) -> Path:
    key = hashlib.sha256(f"{ctx.settings.database_url}\n{username.strip().lower()}".encode()).hexdigest()[:32]
    return (folder or device_dir()) / f"{key}.token"


def read_token(ctx: AppContext, username: str, folder: Path | None = None) -> str | None:
    """The remembered-device token kept for this username on this machine, if any."""
    path = token_file(ctx, username, folder)
    try:
        return path.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def save_token(ctx: AppContext, username: str, token: str, folder: Path | None = None) -> Path:
    """Write the token readable only by the user (folder 0700, file 0600)."""
    path = token_file(ctx, username, folder)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token)
    return path


def forget_token(ctx: AppContext, username: str, folder: Path | None = None) -> None:
    token_file(ctx, username, folder).unlink(missing_ok=True)


def remember(ctx: AppContext, account_id: int) -> str:
    """A new device token valid for the policy's days; only its hash is stored."""
    selector = ctx.ids.token(SELECTOR_LENGTH)
    verifier = ctx.ids.token(VERIFIER_LENGTH)
    hashed = ctx.tokens.digest(verifier)
    now = ctx.clock.now()
    days = policy().remember_days
    with writing(ctx.engine) as session:
        session.add(DeviceToken(
            account_id=account_id, selector=selector, token_hash=hashed, host=ctx.host,
            created_at=now, expires_at=now + timedelta(days=days),
        ))
        record(session, "device remembered", now, account_id=account_id, detail=f"{days} days, host {ctx.host}")
    return f"{selector}.{verifier}"


def is_remembered(ctx: AppContext, account_id: int, token: str | None) -> bool:
    """Whether the token is this account's, unexpired and not revoked; notes its use."""
    selector, _, verifier = (token or "").partition(".")
    if not selector or not verifier:
        return False
    with reading(ctx.engine) as session:
        row = session.exec(select(DeviceToken).where(DeviceToken.selector == selector)).first()
    now = ctx.clock.now()
    if row is None or row.account_id != account_id or row.revoked_at is not None or now >= as_utc(row.expires_at):
        return False
    if not ctx.tokens.verify(row.token_hash, verifier):
        return False
    with writing(ctx.engine) as session:
        fresh = session.get(DeviceToken, row.id)
        if fresh is not None:
            fresh.last_used_at = now
    return True


def revoke_all(ctx: AppContext, account_id: int, reason: str, actor: Actor | None = None) -> int:
    """Stop every remembered device of an account; returns how many were open."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        rows = session.exec(
            select(DeviceToken).where(DeviceToken.account_id == account_id, DeviceToken.revoked_at == None)  # noqa: E711
        ).all()
        for row in rows:
            row.revoked_at = now
        if rows:
            record(session, "remembered devices revoked", now, actor=actor,
                   account_id=account_id, detail=f"{len(rows)}: {reason}")
    return len(rows)


def count_open(ctx: AppContext, account_id: int) -> int:
    now = ctx.clock.now()
    with reading(ctx.engine) as session:
        rows = session.exec(
            select(DeviceToken).where(DeviceToken.account_id == account_id, DeviceToken.revoked_at == None)  # noqa: E711
        ).all()
    return sum(1 for row in rows if as_utc(row.expires_at) > now)
