"""The pre-forked parent: imports the whole application once, then forks one child per session.

Started by the SSH server as its own process (`python -m tui.serve.zygote FD`) with one end of a
SOCK_SEQPACKET socket pair. It holds no threads, event loop or database connection when it forks
(the child opens the database itself), and freezes its imported objects out of the garbage
collector so that children share those pages instead of copying them.

Requests (server to zygote): a JSON object with the pty's slave side attached (SCM_RIGHTS).
Reports (zygote to server): {"sid", "pid"} once forked, {"pid", "status"} when a child ends.
"""

from __future__ import annotations

import fcntl
import gc
import importlib
import json
import os
import pkgutil
import select
import signal
import socket
import sys
import termios
from typing import Any

SKIP = ("tui.serve", "tui.script", "core.kernel.migrations")
"""Not needed by a session (the server's own code, the tester scripts, Alembic's revision files)."""


def warm_up() -> int:
    """Import every module a session may use; returns how many were imported."""
    import core
    import tui

    count = 0
    for package in (core, tui):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith(SKIP):
                continue
            importlib.import_module(info.name)
            count += 1
    # What Textual, SQLAlchemy and the database drivers import lazily on first use.
    for name in ("textual.drivers.linux_driver", "textual._xterm_parser", "textual.widgets._footer",
                 "sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.dialects.postgresql.psycopg",
                 "psycopg", "alembic.command", "fpdf"):
        try:
            importlib.import_module(name)
        except ImportError:  # optional pieces (e.g. a driver) absent: the child imports on demand
            continue
    return count


def share_parsed_css() -> None:
    """Parse each stylesheet once in the parent and let every session reuse it.

    Textual caches parsed CSS per App; a new session is a new App, so each one parsed all of it
    again (about a third of its start). The rules depend only on the CSS text and the theme
    variables, so they are kept here under both; each child has its own copy-on-write pages.
    """
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[Any, ...], Any] = {}

    def shared(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
               tie_breaker: int = 0, scope: str = "") -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    Stylesheet._parse_rules = shared  # type: ignore[method-assign]


def rehearse() -> None:
    """One headless start of the app, so first-use caches are filled before any fork.

    It must leave no thread and no event loop behind (asyncio.run closes its loop; the app opens
    no database without a context).
    """
    import threading

    from tui.app import make_app

    app = make_app(blink=False)
    app.exit_when_ready = True
    app.run(headless=True, size=(80, 24))
    if threading.active_count() != 1:
        raise SystemExit("the rehearsal left a thread running; forking now would be unsafe")


def start_child(request: dict[str, Any], slave: int, cold: bool = False) -> None:
    """In the forked child: own the pty (new session, controlling terminal, fds 0-2), run the app."""
    code = 70
    try:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        for stream in (sys.stdout, sys.stderr):  # Textual writes through sys.__stderr__
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
            except (OSError, ValueError):
                pass
        if cold:
            # The benchmark's comparison: a new interpreter that imports everything itself.
            # The request travels in the environment, not argv: `ps` shows argv to everyone.
            os.environ["PACKETDESK_SESSION_REQUEST"] = json.dumps(request)
            os.execv(sys.executable, [sys.executable, "-m", "tui.serve.child"])
        from tui.serve.child import run_session

        code = run_session(request)
    finally:
        os._exit(code)


def serve(sock: socket.socket, *, cold: bool = False) -> None:
    count = 0
    if not cold:
        count = warm_up()
        share_parsed_css()
        rehearse()
    gc.collect()
    gc.freeze()  # imported objects stay put: the collector never writes to (and so copies) their pages
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when sessions end
    sock.send(json.dumps({"ready": count}).encode())
    while True:
        try:
            readable, _, _ = select.select([sock.fileno(), wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in readable:
            os.read(wake_r, 512)
        _reap(sock)
        if sock.fileno() not in readable:
            continue
        message, fds, _flags, _addr = socket.recv_fds(sock, 65536, 1)
        if not message:
            return  # the server is gone; sessions hang up with their connections
        request = json.loads(message)
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            sock.close()
            os.close(wake_r)
            os.close(wake_w)
            signal.set_wakeup_fd(-1)
            for sig in (signal.SIGCHLD, signal.SIGINT):
                signal.signal(sig, signal.SIG_DFL)
            start_child(request, fds[0], cold)
        os.close(fds[0])
        sock.send(json.dumps({"sid": request["sid"], "pid": pid}).encode())


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        sock.send(json.dumps({"pid": pid, "status": status}).encode())


def main() -> None:
    fd = int(sys.argv[1])
    sock = socket.socket(fileno=fd)
    serve(sock, cold="--cold" in sys.argv[2:])


if __name__ == "__main__":
    main()
