"""The SSH side: anyone may connect; each session is the app on its own pty, nothing else is allowed.

No shell, no other command (only `open CODE` and `verify CODE`), no port, agent or X11 forwarding,
no subsystems. The application authenticates people itself, as it does in a local terminal.
Keys typed are pumped between the channel and the pty and never logged.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import re
import secrets
import signal
import socket
import struct
import termios
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import asyncssh

from tui.serve.link import ZygoteLink

log = logging.getLogger("packetdesk.serve")

COMMAND = re.compile(r"^(open|verify)\s+([A-Za-z0-9-]{4,40})$")
RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?2004l"  # mouse and paste modes off
    b"\x1b[?25h\x1b[?1049l\x1b[0m"  # cursor shown, main screen back, colours reset
)
"""Put the person's terminal back however the session ended (Textual does it too when it can)."""
SHUTDOWN_LINE = "Packetdesk is stopping for maintenance. What you typed is saved; connect again in a few minutes."
MAX_SIZE = (500, 200)
"""Columns and rows a client may ask for: a screen of a million cells would cost a session gigabytes."""


def _clamp(width: int, height: int) -> tuple[int, int]:
    return min(max(width or 80, 10), MAX_SIZE[0]), min(max(height or 24, 5), MAX_SIZE[1])


@dataclass(frozen=True)
class ServeOptions:
    """How `packetdesk serve` runs; the defaults are the README's."""

    host: str = "127.0.0.1"
    port: int = 2222
    demo: bool = False
    max_sessions: int = 100
    """Connections beyond this are refused with a one-line message."""
    per_address: int = 20
    """Connection attempts per source address ..."""
    per_seconds: float = 60.0
    """... within this many seconds."""
    idle_close_minutes: float = 60.0
    """No key at all for this long: the server hangs up (the app signs people out before)."""
    cold: bool = False
    """Benchmarks only: every session starts a new interpreter instead of forking the warm parent."""


class RateLimit:
    """Sliding-window count of connection attempts per address."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        now = time.monotonic()
        hits = self._seen.setdefault(address, deque())
        while hits and now - hits[0] > self.seconds:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        if len(self._seen) > 10_000:  # forget quiet addresses so the table cannot grow without bound
            for key in [k for k, v in self._seen.items() if not v or now - v[-1] > self.seconds]:
                del self._seen[key]
        return True


class Hub:
    """Everything the server tracks: live sessions, the zygote, the limits, shutting down."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.rate = RateLimit(options.per_address, options.per_seconds)
        self.sessions: dict[str, AppSession] = {}
        self.by_pid: dict[int, AppSession] = {}
        self.connections = 0
        self.stopping = False
        self.zygote = ZygoteLink(self.on_report, cold=options.cold)
        self.hostname = socket.gethostname()

    def on_report(self, report: dict[str, Any]) -> None:
        if "sid" in report:
            session = self.sessions.get(report["sid"])
            if session is not None:
                self.by_pid[report["pid"]] = session
                session.started(report["pid"])
            else:  # the connection went away while the child was being made
                _kill(report["pid"], signal.SIGHUP)
        else:
            ended = self.by_pid.pop(report["pid"], None)
            if ended is not None:
                ended.child_exited(report["status"])

    async def shutdown(self, grace: float = 5.0) -> None:
        """SIGTERM: every session saves its draft and is told; then the server ends."""
        self.stopping = True
        for session in list(self.sessions.values()):
            session.stop_for_shutdown()
        deadline = time.monotonic() + grace
        while self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for session in list(self.sessions.values()):  # past every deadline the app itself keeps
            if session.pid is not None:
                _kill(session.pid, signal.SIGKILL)
        await asyncio.sleep(0.1)

    def check_idle(self) -> None:
        limit = self.options.idle_close_minutes * 60
        for session in list(self.sessions.values()):
            if time.monotonic() - session.last_input > limit:
                log.info("idle sid=%s: no key for %.0f minutes, hanging up", session.sid, limit / 60)
                session.hang_up()


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


class PacketdeskServer(asyncssh.SSHServer):
    """One per connection: refuses what is over the limits and anything but a session."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.sid = secrets.token_hex(4)
        self.address = "?"
        self.refusal: str | None = None
        self.conn: asyncssh.SSHServerConnection | None = None
        self.opened = False
        self.since = time.monotonic()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        hub = self.hub
        hub.connections += 1
        if hub.stopping:
            self.refusal = "Packetdesk is stopping for maintenance; connect again in a few minutes."
        elif not hub.rate.allow(self.address):
            self.refusal = "Too many connections from your address; wait a minute and try again."
        elif len(hub.sessions) >= hub.options.max_sessions:
            self.refusal = f"Packetdesk is full right now ({hub.options.max_sessions} people connected); try again in a few minutes."
        log.info("connect sid=%s from=%s:%s%s", self.sid, self.address, peer[1],
                 f" refused={self.refusal!r}" if self.refusal else "")

    def connection_lost(self, exc: Exception | None) -> None:
        self.hub.connections -= 1
        log.info("disconnect sid=%s from=%s after=%.1fs%s", self.sid, self.address, time.monotonic() - self.since,
                 f" error={type(exc).__name__}" if exc else "")

    def begin_auth(self, username: str) -> bool:
        if self.refusal is not None and self.conn is not None:
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, self.refusal)
            return True
        return False  # no SSH authentication: the application signs people in itself

    def session_requested(self) -> asyncssh.SSHServerSession[bytes] | bool:
        if self.opened or self.hub.stopping:
            log.info("refused sid=%s what=second-session", self.sid)
            return False  # one session per connection: no multiplexed extra shells
        self.opened = True
        return AppSession(self.hub, self.sid, self.address)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        log.info("refused sid=%s what=port-forward", self.sid)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log.info("refused sid=%s what=remote-forward", self.sid)
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        log.info("refused sid=%s what=unix-forward", self.sid)
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        log.info("refused sid=%s what=unix-remote-forward", self.sid)
        return False


class AppSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """The channel of one connection, pumped to and from the pty of its app process."""

    def __init__(self, hub: Hub, sid: str, address: str) -> None:
        self.hub, self.sid, self.address = hub, sid, address
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term = ""
        self.size = (80, 24)
        self.has_pty = False
        self.kind = "shell"
        self.code: str | None = None
        self.master: int | None = None
        self.pid: int | None = None
        self.pending = bytearray()
        self.started_at = time.monotonic()
        self.last_input = time.monotonic()
        self.shutdown_line = False
        self.ended = False
        self.reading = False

    # --- requests -----------------------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:  # type: ignore[override]
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self.has_pty = True
        self.term = term_type
        self.size = _clamp(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True  # the "shell" is the application

    def exec_requested(self, command: str) -> bool:
        match = COMMAND.match(command.strip())
        if match is None:
            log.info("refused sid=%s what=exec", self.sid)  # the command itself may hold anything: not logged
            return False
        self.kind, self.code = match.group(1), match.group(2)
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        log.info("refused sid=%s what=subsystem", self.sid)
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        return None  # people do not send signals to the server's processes

    # --- start --------------------------------------------------------------------------------
    def session_started(self) -> None:
        chan = self.chan
        assert chan is not None
        hub = self.hub
        if not self.has_pty:
            how = f"ssh -t {'...' if self.kind == 'shell' else '... ' + self.kind + ' CODE'}"
            self._refuse(f"Packetdesk needs a terminal: connect with {how}")
            return
        if hub.stopping:
            self._refuse("Packetdesk is stopping for maintenance; connect again in a few minutes.")
            return
        if len(hub.sessions) >= hub.options.max_sessions:
            self._refuse(f"Packetdesk is full right now ({hub.options.max_sessions} people connected); try again in a few minutes.")
            return
        master, slave = os.openpty()
        self.master = master
        self._set_size(*self.size)
        os.set_blocking(master, False)
        env = {}
        colorterm = (chan.get_environment() or {}).get("COLORTERM", "")
        if colorterm in ("truecolor", "24bit"):
            env["COLORTERM"] = colorterm
        request = {
            "sid": self.sid, "kind": self.kind, "code": self.code, "term": self.term or "xterm-256color",
            "env": env, "demo": hub.options.demo, "host": f"{hub.hostname} (ssh from {self.address})",
        }
        hub.sessions[self.sid] = self
        try:
            hub.zygote.spawn(request, slave)
        except OSError as exc:
            hub.sessions.pop(self.sid, None)
            log.error("spawn failed sid=%s: %s", self.sid, exc)
            self._refuse("Packetdesk could not start a session right now; try again in a moment.")
            return
        finally:
            os.close(slave)
        self._read_app(True)

    def started(self, pid: int) -> None:
        self.pid = pid
        log.info("session sid=%s pid=%d from=%s kind=%s size=%dx%d", self.sid, pid, self.address, self.kind, *self.size)
        if self.master is None:  # the connection dropped before the child was forked
            _kill(pid, signal.SIGHUP)

    def _refuse(self, line: str) -> None:
        assert self.chan is not None
        log.info("refused sid=%s from=%s reason=%r", self.sid, self.address, line)
        self.chan.write((line + "\r\n").encode())
        self.chan.exit(1)

    # --- the pump -----------------------------------------------------------------------------
    def _read_app(self, on: bool) -> None:
        if self.master is None or on == self.reading:
            return
        loop = asyncio.get_running_loop()
        if on:
            loop.add_reader(self.master, self._from_app)
        else:
            loop.remove_reader(self.master)
        self.reading = on

    def _from_app(self) -> None:
        assert self.master is not None and self.chan is not None
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the app closed the terminal (it is ending); its exit report follows
            data = b""
        if not data:
            self._read_app(False)
            return
        self.chan.write(data)

    def pause_writing(self) -> None:
        self._read_app(False)  # the client is slow: the app's output waits in the pty, not in memory

    def resume_writing(self) -> None:
        self._read_app(True)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:  # type: ignore[override]
        if self.master is None:
            return
        self.last_input = time.monotonic()
        if self.pending:
            self.pending += data
            return
        self._write_app(data)

    def _write_app(self, data: bytes) -> None:
        assert self.master is not None
        try:
            written = os.write(self.master, data)
        except BlockingIOError:
            written = 0
        except OSError:
            return
        if written < len(data):
            if not self.pending:
                asyncio.get_running_loop().add_writer(self.master, self._flush_pending)
            self.pending[:0] = data[written:]

    def _flush_pending(self) -> None:
        assert self.master is not None
        data, self.pending = bytes(self.pending), bytearray()
        asyncio.get_running_loop().remove_writer(self.master)
        self._write_app(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = _clamp(width, height)
        if self.master is not None:
            self._set_size(*self.size)  # the kernel sends SIGWINCH to the app

    def _set_size(self, width: int, height: int) -> None:
        assert self.master is not None
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))

    # --- the end ------------------------------------------------------------------------------
    def eof_received(self) -> bool:
        self.hang_up()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.hang_up()

    def hang_up(self) -> None:
        """The connection is gone: closing the pty's master sends the app SIGHUP (it saves and ends)."""
        self._close_master()
        if self.chan is not None:
            self.chan.close()

    def _close_master(self) -> None:
        if self.master is None:
            return
        loop = asyncio.get_running_loop()
        self._read_app(False)
        if self.pending:
            loop.remove_writer(self.master)
            self.pending = bytearray()
        os.close(self.master)
        self.master = None

    def stop_for_shutdown(self) -> None:
        self.shutdown_line = True
        if self.pid is not None:
            _kill(self.pid, signal.SIGTERM)  # the app saves, ends the login and restores the terminal

    def child_exited(self, status: int) -> None:
        duration = time.monotonic() - self.started_at
        if os.WIFSIGNALED(status):
            code, how = 128 + os.WTERMSIG(status), f"signal={signal.Signals(os.WTERMSIG(status)).name}"
        else:
            code, how = os.waitstatus_to_exitcode(status), f"exit={os.waitstatus_to_exitcode(status)}"
        log.info("end sid=%s pid=%s from=%s duration=%.1fs %s", self.sid, self.pid, self.address, duration, how)
        self.hub.sessions.pop(self.sid, None)
        if self.master is not None:
            while True:  # what the app drew last
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    break
                if not data:
                    break
                if self.chan is not None:
                    self.chan.write(data)
        self._close_master()
        chan = self.chan
        if chan is not None and not chan.is_closing():
            message = RESET + (f"\r\n{SHUTDOWN_LINE}\r\n".encode() if self.shutdown_line else b"")
            chan.write(message)
            chan.exit(code)
