"""The server's SSH host key: created on first start (mode 0600), reused, its fingerprint shown."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh


def load_or_create(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The host key at `path`, made (ed25519, 0600) when missing; True when it was just created."""
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise SystemExit(f"The SSH host key {path} is readable by others (mode {mode:o}); run: chmod 600 {path}")
        return asyncssh.read_private_key(str(path)), False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = asyncssh.generate_private_key("ssh-ed25519")
    # Created 0600 from the start: no moment where another user could read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key.export_private_key())
    return key, True


def fingerprint(key: asyncssh.SSHKey) -> str:
    """SHA256:... as `ssh-keygen -lf` and OpenSSH's first-connection prompt show it."""
    return key.convert_to_public().get_fingerprint("sha256")
