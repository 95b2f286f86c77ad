"""File modes: PACKETDESK_HOME, the SQLite database with its -wal and -shm, and saved PDFs are for their owner.

The attack: any local user could read packetdesk.db (0644 under the usual umask 022), and with it
every name, email and outbox message, and the saved PDFs of executed agreements.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from core import demo
from core.kernel.context import AppContext
from core.packets import documents_out
from tests.helpers.journey import log_in_first_time, sign_everything


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_home_and_database_are_for_their_owner_only(tmp_path):
    home = tmp_path / "new" / "home"
    ctx = AppContext.for_tests(home)
    demo.seed(ctx)
    with ctx.engine.connect() as connection:  # the WAL and its index exist while a connection is open
        connection.execute(text("SELECT count(*) FROM account")).scalar()
        db = home / "packetdesk.db"
        assert mode(home) == 0o700
        assert mode(db) == 0o600
        for suffix in ("-wal", "-shm"):
            companion = db.with_name(db.name + suffix)
            assert companion.exists(), suffix
            assert mode(companion) == 0o600, suffix
    ctx.engine.dispose()


def test_a_database_made_before_is_tightened_at_start(tmp_path):
    ctx = AppContext.for_tests(tmp_path)
    ctx.engine.dispose()
    db = tmp_path / "packetdesk.db"
    os.chmod(db, 0o644)
    reopened = AppContext.for_tests(tmp_path)
    assert mode(db) == 0o600
    reopened.engine.dispose()


def test_saved_pdfs_and_their_folders_are_for_their_owner_only(tmp_path):
    ctx = AppContext.for_tests(tmp_path / "home")
    demo.seed(ctx)
    opened, outcome = log_in_first_time(ctx, "DEMOIL-ILLINOIS26")
    sign_everything(ctx, outcome, opened.packet_id)
    paths = documents_out.save_pdfs(ctx, outcome.actor, opened.packet_id)
    assert paths
    for path in paths:
        assert mode(path) == 0o600, path
    assert mode(paths[0].parent) == 0o700 and mode(ctx.settings.documents_dir) == 0o700
    ctx.engine.dispose()
