"""`packetdesk serve` with OpenSSH's own client: sign-in, resizing, drops, refusals, shutdown.

Each test starts a real server on loopback (a copy of a demo database made once by the server
itself) and connects with `ssh` on a pty; pyte shows what the person would see.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from core.identity.models import Login
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.packets import invitations, packets
from tests.helpers.journey import temporary_password
from tests.helpers.serve import (
    ENTER,
    F3,
    REPO,
    TAB,
    Server,
    SshTerminal,
    copy_home,
    seeded_home,
    ssh_args,
)
from tui.serve.ssh import SHUTDOWN_LINE

pytestmark = pytest.mark.pty

NMOK, WEI = "DEMONMOK-NMOK2026", "wei.li@example.com"
TEXAS, JOSE = "DEMOTX-TEXAS2026", "jose.nguyen@example.com"
PASSWORD = "Abc123x"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory)


@pytest.fixture
def server(seeded: Path, tmp_path: Path) -> Iterator[Server]:
    running = Server(copy_home(seeded, tmp_path), demo=False)
    try:
        yield running
    finally:
        running.stop()


def core_context(home: Path) -> AppContext:
    return AppContext.create(Settings.from_env({"PACKETDESK_HOME": str(home)}))


def sign_in_first_time(term: SshTerminal, home: Path | AppContext, code: str, email: str) -> AppContext:
    """Invitation code, Get My Password, the emailed password, Change Password: Getting Started."""
    term.wait_text("Welcome to Packetdesk")
    term.send(code)
    term.wait_text(code)
    term.send(ENTER)
    term.wait_text("Need a password?")
    term.send(F3)
    term.wait_text("was emailed to")
    ctx = home if isinstance(home, AppContext) else core_context(home)
    password = temporary_password(ctx, email)
    term.send(password)
    term.wait_text("•" * len(password))
    term.send(ENTER)
    term.wait_text("please choose a new password")
    term.send(PASSWORD)
    term.wait_for(lambda _text: "•••••••" in term.line_with("New Password *"))
    term.send(TAB + PASSWORD)
    term.wait_text("✓ Confirmation must match")
    term.send(ENTER)
    term.wait_text("Getting Started")
    return ctx


def test_a_producer_signs_in_over_ssh_and_reaches_getting_started(server: Server) -> None:
    term = SshTerminal(server.port)
    try:
        ctx = sign_in_first_time(term, server.home, TEXAS, JOSE)
        with reading(ctx.engine) as session:
            hosts = [login.host for login in session.exec(select(Login).where(Login.ended_at == None)).all()]  # noqa: E711
        assert len(hosts) == 1 and "ssh from 127.0.0.1" in hosts[0], "the login records where it came from"
    finally:
        term.close()


def test_open_code_as_the_command_opens_that_invitation(server: Server) -> None:
    term = SshTerminal(server.port, "open", TEXAS)
    try:
        term.wait_text("Need a password?")
    finally:
        term.close()
    assert TEXAS not in server.text(), "the invitation code is a secret: never in the log"


def test_verify_code_as_the_command_opens_the_portal_with_that_code(server: Server) -> None:
    term = SshTerminal(server.port, "verify", "NOSUCH-CODE99")
    try:
        term.wait_for(lambda text: "Producer Experience Portal" in text and "NOSUCH-CODE99" in text)
    finally:
        term.close()
    assert "NOSUCH-CODE99" not in server.text()


def test_the_window_size_follows_the_client(seeded: Path, tmp_path: Path) -> None:
    """Started with COLUMNS=80 LINES=24 in its environment (as under pytest-xdist, or a shell that
    exports them), the server's sessions were pinned at 80x24: the size must come from the client."""
    server = Server(copy_home(seeded, tmp_path), demo=False, env={"COLUMNS": "80", "LINES": "24"})
    term = SshTerminal(server.port)
    try:
        term.wait_for(lambda text: "╭" in text and "^q Quit" in text)
        assert term.line_with("╭").index("╭") == 4  # the card centred in 80 columns
        term.resize(120, 40)
        term.wait_for(lambda _text: term.line_with("╭").find("╭") > 4 and "^q Quit" in term.screen.display[39])
        card = term.line_with("╭")
        assert card.index("╭") == (120 - (len(card.strip()))) // 2, "re-centred in 120 columns"
        assert "^q Quit" in term.screen.display[39], "the footer moved to the 40th line"
    finally:
        term.close()
        server.stop()


def test_a_dropped_connection_keeps_the_draft_for_the_next_login(server: Server) -> None:
    term = SshTerminal(server.port)
    try:
        ctx = sign_in_first_time(term, server.home, NMOK, WEI)
        term.send(ENTER)
        term.wait_text("Email Address *")
        term.send(TAB * 4 + " West")
        term.wait_text("Albuquerque West")
        term.drop()  # well before the autosave
        server.wait_for_log("end sid=", timeout=10)
    finally:
        term.close()
    opened = invitations.open_code(ctx, NMOK)
    draft = packets.load_draft(ctx, Actor(opened.account_id, "producer"), opened.packet_id, "interview")
    assert draft is not None and draft["city"] == "Albuquerque West"
    again = SshTerminal(server.port, "open", NMOK)
    try:
        again.wait_text("Need a password?")
        again.send(PASSWORD + ENTER)
        again.wait_text("Albuquerque West", timeout=30)
    finally:
        again.close()


def run_ssh(port: int, *command: str, tty: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ssh", *ssh_args(port, *command, tty=tty)], capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)


def test_no_other_command_no_subsystem_and_no_forwarding(server: Server) -> None:
    other = run_ssh(server.port, "cat", "/etc/passwd")
    assert other.returncode != 0 and "root:" not in other.stdout
    shell_trick = run_ssh(server.port, "open DEMOTX-TEXAS2026; sh", tty=True)
    assert shell_trick.returncode != 0
    sftp = subprocess.run(["ssh", *ssh_args(server.port, "sftp", tty=False)[:-2], "-s", "producer@127.0.0.1", "sftp"],
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert sftp.returncode != 0
    no_terminal = run_ssh(server.port, "open", TEXAS)
    assert "Packetdesk needs a terminal" in no_terminal.stdout and no_terminal.returncode == 1
    log = server.wait_for_log("what=subsystem")
    assert log.count("refused sid=") >= 3 and "what=exec" in log
    assert "/etc/passwd" not in log and "DEMOTX" not in log, "commands may hold secrets: never logged"


async def test_local_remote_and_unix_forwarding_are_refused(server: Server) -> None:
    import asyncssh

    async with asyncssh.connect("127.0.0.1", server.port, username="x", known_hosts=None,
                                ) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", 5432)  # ssh -L
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22)  # ssh -R
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_unix_connection(asyncssh.SSHUNIXSession, "/run/postgresql/.s.PGSQL.5432")
    log = server.wait_for_log("what=remote-forward")
    assert "what=port-forward" in log and "what=unix-forward" in log


def test_over_the_session_limit_a_clear_one_line_refusal(seeded: Path, tmp_path: Path) -> None:
    server = Server(copy_home(seeded, tmp_path), "--max-sessions", "1", demo=False)
    first = SshTerminal(server.port)
    try:
        first.wait_text("Welcome to Packetdesk")
        second = run_ssh(server.port, tty=True)
        assert second.returncode != 0
        assert "Packetdesk is full right now (1 people connected); try again in a few minutes." in second.stderr
        assert first.text.count("Welcome to Packetdesk") == 1 and not first.ended, "the first session is untouched"
    finally:
        first.close()
        server.stop()


def test_connection_attempts_per_address_are_rate_limited(seeded: Path, tmp_path: Path) -> None:
    server = Server(copy_home(seeded, tmp_path), "--rate", "3", demo=False)
    try:
        outcomes = [run_ssh(server.port, "nothing-allowed") for _ in range(4)]
        assert all("Too many connections" not in o.stderr for o in outcomes[:3])
        assert "Too many connections from your address; wait a minute and try again." in outcomes[3].stderr
    finally:
        server.stop()


def test_sigterm_saves_every_session_and_tells_each_person(server: Server) -> None:
    typing, waiting = SshTerminal(server.port), SshTerminal(server.port)
    try:
        ctx = sign_in_first_time(typing, server.home, NMOK, WEI)
        typing.send(ENTER)
        typing.wait_text("Email Address *")
        typing.send(TAB * 4 + " North")
        typing.wait_text("Albuquerque North")
        waiting.wait_text("Welcome to Packetdesk")
        started = time.monotonic()
        assert server.stop(signal.SIGTERM) == 0
        assert time.monotonic() - started < 8
        for term in (typing, waiting):
            term.wait_end()
            assert SHUTDOWN_LINE in term.raw.decode(errors="replace").replace("\r\n", " ")
    finally:
        typing.close()
        waiting.close()
    opened = invitations.open_code(ctx, NMOK)
    draft = packets.load_draft(ctx, Actor(opened.account_id, "producer"), opened.packet_id, "interview")
    assert draft is not None and draft["city"] == "Albuquerque North"
    with reading(ctx.engine) as session:
        reasons = [login.end_reason for login in session.exec(select(Login).where(Login.account_id == opened.account_id))]
    assert reasons == ["SIGTERM"]


def test_the_log_has_connections_and_never_what_was_typed(server: Server) -> None:
    term = SshTerminal(server.port)
    try:
        term.wait_text("Welcome to Packetdesk")
        term.send("SECRETTYPED-9917")
        term.wait_text("SECRETTYPED-9917")
    finally:
        term.drop()
    log = server.wait_for_log("end sid=")
    assert "connect sid=" in log and "from=127.0.0.1" in log and "duration=" in log and "exit=0" in log
    assert "SECRETTYPED" not in log


def test_the_host_key_is_0600_its_fingerprint_printed_and_reused(seeded: Path, tmp_path: Path) -> None:
    home = copy_home(seeded, tmp_path)
    key = home / "ssh_host_ed25519_key"
    printed = []
    for _ in range(2):
        server = Server(home, demo=False)
        try:
            log = server.text()
            printed.append(log.split("Host key fingerprint: ")[1].split()[0])
            scanned = subprocess.run(["ssh-keyscan", "-p", str(server.port), "-t", "ed25519", "127.0.0.1"],
                                     capture_output=True, text=True, timeout=30).stdout
        finally:
            server.stop()
        seen = subprocess.run(["ssh-keygen", "-lf", "-"], input=scanned, capture_output=True, text=True).stdout
        assert printed[-1] in seen, "the printed fingerprint is the one clients see"
    assert printed[0] == printed[1], "the key is reused"
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    key.chmod(0o644)
    refused = subprocess.run([sys.executable, "-m", "tui.cli", "serve", "--port", "1"], cwd=str(REPO),
                             env={**os.environ, "PACKETDESK_HOME": str(home)}, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "readable by others" in refused.stdout + refused.stderr


def test_one_session_crashing_never_touches_another(server: Server) -> None:
    first, second = SshTerminal(server.port), SshTerminal(server.port)
    try:
        first.wait_text("Welcome to Packetdesk")
        second.wait_text("Welcome to Packetdesk")
        pids = [int(line.split(" pid=")[1].split()[0]) for line in server.text().splitlines() if "session sid=" in line]
        assert len(pids) == 2
        os.kill(pids[0], signal.SIGKILL)
        server.wait_for_log("signal=SIGKILL")
        second.send("STILLHERE")
        second.wait_text("STILLHERE")
        ended = [t for t in (first, second) if (t.wait_end(3) or t.ended)]
        assert len(ended) == 1, "only the crashed session's connection ended"
    finally:
        first.close()
        second.close()


def test_the_session_parent_holds_no_thread_and_no_database_when_it_forks(server: Server) -> None:
    term = SshTerminal(server.port)
    try:
        term.wait_text("Welcome to Packetdesk")
        zygote = int(server.text().split("session parent pid=")[1].split()[0])
        assert len(list(Path(f"/proc/{zygote}/task").iterdir())) == 1, "one thread: forking is safe"
        opened = [os.readlink(fd) for fd in Path(f"/proc/{zygote}/fd").iterdir() if fd.exists()]
        assert not any("packetdesk.db" in target for target in opened), opened
        sockets = [target for target in opened if target.startswith("socket:")]
        assert len(sockets) == 1, "only the socket to the server: no database connection to inherit"
        session = int(server.text().split("session sid=")[1].split("pid=")[1].split()[0])
        deadline = time.monotonic() + 10  # the session opens the database a moment after its first paint
        while not any("packetdesk.db" in os.readlink(fd) for fd in Path(f"/proc/{session}/fd").iterdir()):
            assert time.monotonic() < deadline, "the session opens the database itself"
            term.pump(0.1)
    finally:
        term.close()


def test_a_connection_without_a_key_for_the_idle_limit_is_hung_up(seeded: Path, tmp_path: Path) -> None:
    server = Server(copy_home(seeded, tmp_path), "--idle-close", "0.03", demo=False)  # about 2 seconds
    term = SshTerminal(server.port)
    try:
        term.wait_text("Welcome to Packetdesk")
        term.wait_end(15)
        assert term.ended
        log = server.wait_for_log("end sid=")
        assert "idle sid=" in log
    finally:
        term.close()
        server.stop()
