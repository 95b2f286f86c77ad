"""Settings, the PII key, database settings and the rule that core never imports textual or rich."""

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import text

from core.identity.models import Account
from core.kernel.config import Settings
from core.kernel.crypto import PiiCipher, mask_last4
from core.kernel.db import make_engine, migrate, writing
from core.kernel.keyfile import create_key_file, read_key

REPO = Path(__file__).resolve().parents[1]


def test_core_never_imports_textual_or_rich():
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in (REPO / "core").rglob("*.py")
        if "migrations" not in path.parts
    )
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_key_file_is_created_readable_only_by_its_owner(tmp_path):
    key_file = tmp_path / "home" / "pii.key"
    key = create_key_file(key_file)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert read_key(key_file, None) == key
    cipher = PiiCipher(key)
    sealed = cipher.encrypt("512341296")
    assert "512341296" not in sealed and cipher.decrypt(sealed) == "512341296"
    assert cipher.encrypt("512341296") != sealed  # random nonce per value
    assert cipher.blind_index("512341296") == cipher.blind_index("512341296")


def test_masking_shows_only_the_last_four():
    assert mask_last4("512-34-1296") == "•••••1296"


def test_settings_from_environment(tmp_path):
    settings = Settings.from_env({"PACKETDESK_HOME": str(tmp_path), "PACKETDESK_SMTP_HOST": "127.0.0.1", "PACKETDESK_SMTP_PORT": "2525"})
    assert settings.database_url == f"sqlite:///{tmp_path / 'packetdesk.db'}"
    assert settings.key_file == tmp_path / "pii.key"
    assert settings.smtp is not None and settings.smtp.port == 2525
    url = Settings.from_env({"PACKETDESK_DATABASE_URL": "postgresql://u@h/db"}).database_url
    assert url == "postgresql://u@h/db"


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10000


def test_concurrent_read_then_write_transactions_lose_nothing(ctx):
    """BEGIN IMMEDIATE on SQLite (row locks on PostgreSQL) keeps read-modify-write safe."""
    with writing(ctx.engine) as session:
        account = Account(username="counter", role="rep", display_name="C", email="c@example.com", created_at=ctx.clock.now())
        session.add(account)
        session.flush()
        account_id = account.id

    def bump():
        for _ in range(25):
            with writing(ctx.engine) as session:
                from sqlmodel import select

                row = session.exec(select(Account).where(Account.id == account_id).with_for_update()).one()
                row.failed_logins += 1

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with ctx.engine.connect() as connection:
        assert connection.execute(text(f"SELECT failed_logins FROM account WHERE id = {account_id}")).scalar() == 100
