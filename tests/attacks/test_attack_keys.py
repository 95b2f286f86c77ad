"""Keys: a missing, malformed or foreign PII key stops Packetdesk; `rekey` rotates the key in one transaction.

The attack (or accident): the key file disappeared next to an existing database. A new key was made
silently, opening a packet then crashed (InvalidTag), and what was written meanwhile was encrypted
under the stray key, readable by nothing else.
"""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from core import demo
from core.desk import search
from core.identity import accounts
from core.kernel.clock import FixedClock, SeededIds
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.errors import PacketdeskError
from core.kernel.keyfile import KeyProblem
from core.kernel.rekey import rekey
from core.notify import outbox
from core.packets import invitations, packets
from tests.helpers.journey import log_in_first_time
from tests.helpers.pg_schema import scratch_schema

REPO = Path(__file__).resolve().parents[2]
TEST_KEY = base64.b64decode("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")


class Site:
    """One installation: a home with a key file, and a database (SQLite file or a PostgreSQL schema)."""

    def __init__(self, home: Path, url: str, schema: str | None) -> None:
        self.home, self.url, self.schema = home, url, schema
        self.settings = Settings.from_env({}, home=home, database_url=url, key_file=home / "pii.key")

    def open(self, **changes: object) -> AppContext:
        settings = replace(self.settings, **changes) if changes else self.settings
        return AppContext.create(settings, clock=FixedClock(), ids=SeededIds(), fast_hash=True, schema=self.schema,
                                 host="testhost")


@pytest.fixture(params=["sqlite", "postgres"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    home = tmp_path / "home"
    if request.param == "sqlite":
        yield Site(home, f"sqlite:///{home / 'packetdesk.db'}", None)
        return
    url = request.getfixturevalue("pg_url")
    with scratch_schema(url) as schema:
        yield Site(home, url, schema)


def seeded(site: Site) -> AppContext:
    site.home.mkdir(parents=True, exist_ok=True)
    (site.home / "pii.key").write_text(base64.b64encode(TEST_KEY).decode())
    ctx = site.open()
    demo.seed(ctx)
    return ctx


def test_a_new_database_gets_a_new_key_file_readable_only_by_its_owner(site):
    ctx = site.open()
    mode = stat.S_IMODE(os.stat(site.settings.key_file).st_mode)
    assert mode == 0o600
    ctx.engine.dispose()
    site.open().engine.dispose()  # the same key opens it again


def test_a_missing_key_file_next_to_an_existing_database_refuses_to_start(site):
    seeded(site).engine.dispose()
    site.settings.key_file.unlink()
    with pytest.raises(KeyProblem) as refused:
        site.open()
    message = str(refused.value)
    assert str(site.settings.key_file) in message and "Restore the key file" in message
    assert not site.settings.key_file.exists()  # no stray key was made


def test_another_databases_key_is_refused(site):
    seeded(site).engine.dispose()
    site.settings.key_file.write_text(base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(KeyProblem, match="does not belong to the database"):
        site.open()


def test_a_database_from_before_the_key_check_is_checked_by_decrypting(site):
    seeded(site).engine.dispose()
    ctx = site.open()
    with ctx.engine.begin() as connection:
        connection.execute(text("DELETE FROM keyring"))
    ctx.engine.dispose()
    site.settings.key_file.write_text(base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(KeyProblem, match="does not belong"):
        site.open()
    site.settings.key_file.write_text(base64.b64encode(TEST_KEY).decode())
    reopened = site.open()  # the right key: the check value is stored now
    assert packets.load(reopened, accounts.staff_login(reopened, "rep", "RepDesk#2026").actor, 1).answers


@pytest.mark.parametrize("content,problem", [
    ("not base64 at all!", "not valid base64"),
    (base64.b64encode(b"short key").decode(), "is 9 bytes long; it must be 32"),
])
def test_a_malformed_key_is_refused_with_what_is_wrong(site, content, problem):
    site.home.mkdir(parents=True, exist_ok=True)
    site.settings.key_file.write_text(content)
    with pytest.raises(KeyProblem, match=problem):
        site.open()
    with pytest.raises(KeyProblem, match=problem):
        site.open(key_b64=content)


def run_cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PACKETDESK_")}
    environment.update(PACKETDESK_HOME=str(home), **env)
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO, env=environment,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_the_command_exits_non_zero_on_a_malformed_or_missing_key(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "pii.key").write_text("%%% not a key %%%")
    result = run_cli(home)
    assert result.returncode == 2 and "not valid base64" in result.stderr and str(home / "pii.key") in result.stderr
    result = run_cli(home, PACKETDESK_KEY=base64.b64encode(b"x" * 16).decode())
    assert result.returncode == 2 and "PACKETDESK_KEY is 16 bytes long" in result.stderr
    (home / "pii.key").unlink()
    (home / "packetdesk.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    result = run_cli(home)
    assert result.returncode == 2 and "is missing" in result.stderr and str(home / "pii.key") in result.stderr
    assert not (home / "pii.key").exists()


def test_rekey_re_encrypts_everything_and_the_old_key_no_longer_opens(site):
    ctx = seeded(site)
    opened, outcome = log_in_first_time(ctx, "DEMOTX-TEXAS2026")
    before = packets.load(ctx, outcome.actor, opened.packet_id)
    packets.save_draft(ctx, outcome.actor, opened.packet_id, "interview", {"title": "Draft title"})
    cigna, agent = log_in_first_time(ctx, "CIGNA3-LEVELTHREE")  # a birth date, so its blind index too
    view = packets.load(ctx, agent.actor, cigna.packet_id)
    packets.save_step(ctx, agent.actor, cigna.packet_id, "agent_information", {
        "first_name": "Priya", "last_name": "Ramanathan", "ssn": "455-12-7788", "birth_date": "07-04-1975",
        "mobile_phone": "214-555-0111", "email": "priya.r@example.com", "npn": "99887766", "res_line1": "1 Elm",
        "res_city": "Dallas", "res_state": "TX", "res_zip": "75201", "res_county": "Dallas"}, view.version)
    rep = accounts.staff_login(ctx, "rep", "RepDesk#2026").actor
    found_before = [h.key for h in search.find(ctx, rep, "7788 07/04/1975").hits]
    assert found_before == [cigna.packet_key]
    mail_before = outbox.messages(ctx, account_id=opened.account_id, limit=5)
    old_key = site.settings.key_file.read_text()
    from core.identity import sessions

    for actor in (outcome.actor, agent.actor, rep):
        sessions.end(ctx, actor, "test")

    done = rekey(ctx)
    assert done.values > 10 and done.indexes >= 2
    assert done.backup.read_text() == old_key and stat.S_IMODE(os.stat(done.backup).st_mode) == 0o600
    new_key = site.settings.key_file.read_text()
    assert new_key != old_key and stat.S_IMODE(os.stat(site.settings.key_file).st_mode) == 0o600
    ctx.engine.dispose()

    after = site.open()
    assert packets.load(after, outcome.actor, opened.packet_id).answers == before.answers
    assert packets.load_draft(after, outcome.actor, opened.packet_id, "interview") == {"title": "Draft title"}
    assert [m.body for m in outbox.messages(after, account_id=opened.account_id, limit=5)] == [m.body for m in mail_before]
    rep = accounts.staff_login(after, "rep", "RepDesk#2026").actor
    assert [h.key for h in search.find(after, rep, "7788 07/04/1975").hits] == found_before
    with after.engine.connect() as connection:
        indexes = {row[0] for row in connection.execute(text("SELECT tin_index FROM producer"))}
    assert after.cipher.blind_index("623418812") in indexes
    assert invitations.open_code(after, "DEMOIL-ILLINOIS26").packet_key  # codes already sent keep working
    with after.engine.connect() as connection:
        dump = repr(connection.execute(text("SELECT answers_json FROM packet")).all())
    assert "623418812" not in dump
    after.engine.dispose()

    site.settings.key_file.write_text(old_key)
    with pytest.raises(KeyProblem, match="does not belong"):
        site.open()


def test_rekey_refuses_while_sessions_are_open_and_with_a_key_from_the_environment(site):
    ctx = seeded(site)
    log_in_first_time(ctx, "DEMOTX-TEXAS2026")
    with pytest.raises(PacketdeskError, match="session is open"):
        rekey(ctx)
    assert not site.settings.key_file.with_name("pii.key.new").exists()
    ctx.settings = replace(ctx.settings, key_b64=base64.b64encode(TEST_KEY).decode())
    with pytest.raises(KeyProblem, match="PACKETDESK_KEY"):
        rekey(ctx, force=True)


def test_a_rekey_that_fails_half_way_changes_nothing(site):
    """One transaction: a value the key cannot open (written under a stray key) stops it before any change."""
    from core.kernel.crypto import PiiCipher

    ctx = seeded(site)
    stray = PiiCipher(os.urandom(32)).encrypt("written under a stray key")
    with ctx.engine.begin() as connection:
        connection.execute(text("UPDATE outboxmessage SET body_enc = :b WHERE id = (SELECT max(id) FROM outboxmessage)"),
                           {"b": stray})
        before = connection.execute(text("SELECT tin_enc FROM producer ORDER BY id")).all()
    key = site.settings.key_file.read_text()
    with pytest.raises(PacketdeskError, match="outboxmessage could not be decrypted.*Nothing was changed"):
        rekey(ctx, force=True)
    assert site.settings.key_file.read_text() == key
    assert not site.settings.key_file.with_name("pii.key.new").exists()
    ctx.engine.dispose()
    reopened = site.open()
    with reopened.engine.connect() as connection:
        assert connection.execute(text("SELECT tin_enc FROM producer ORDER BY id")).all() == before


def test_the_rekey_command(tmp_path):
    home = tmp_path / "home"
    site = Site(home, f"sqlite:///{home / 'packetdesk.db'}", None)
    ctx = seeded(site)
    ctx.engine.dispose()
    result = run_cli(home, "rekey")
    assert result.returncode == 0, result.stderr
    assert "Re-encrypted" in result.stdout and "pii.key.replaced-" in result.stdout
    assert site.settings.key_file.read_text() != base64.b64encode(TEST_KEY).decode()
    reopened = site.open()
    assert invitations.open_code(reopened, "DEMOTX-TEXAS2026").packet_key
