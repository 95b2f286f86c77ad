"""Files Packetdesk writes under PACKETDESK_HOME hold PII: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Make a folder (and its missing parents) readable only by its owner."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    for created in missing:
        os.chmod(created, 0o700)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write a file readable only by its owner (an existing one is tightened too)."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
    return path


def private_sqlite(path: Path) -> None:
    """Create the SQLite file 0600 before SQLite does (its -wal and -shm take the database file's mode),
    and tighten the files of a database made before."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    for suffix in SQLITE_SUFFIXES:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.chmod(companion, 0o600)
