"""The SSH server's end of the zygote: start it, ask it for sessions, hear when they start and end."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger("packetdesk.serve")

READY_LIMIT = 120.0
"""Seconds the zygote may take to import the application."""


class ZygoteLink:
    """One zygote process and the SOCK_SEQPACKET socket pair to it."""

    def __init__(self, on_report: Callable[[dict[str, Any]], None], *, cold: bool = False) -> None:
        self._on_report = on_report
        self.cold = cold
        self.sock: socket.socket | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.on_lost: Callable[[], None] = lambda: None

    def start(self) -> int:
        """Start the zygote and wait until it has imported the app; returns the modules it imported."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        args = [sys.executable, "-m", "tui.serve.zygote", str(theirs.fileno())] + (["--cold"] if self.cold else [])
        # Its own session: Ctrl+C on the server's terminal reaches the server, which ends sessions in order.
        self.process = subprocess.Popen(args, pass_fds=[theirs.fileno()], start_new_session=True)
        theirs.close()
        mine.settimeout(READY_LIMIT)
        try:
            ready = json.loads(mine.recv(65536) or b"{}")
        except TimeoutError:
            self.process.kill()
            raise SystemExit("The session parent did not start (importing the application took too long).") from None
        if "ready" not in ready:
            raise SystemExit("The session parent ended while importing the application; see the messages above.")
        mine.setblocking(False)
        self.sock = mine
        return int(ready["ready"])

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        assert self.sock is not None
        loop.add_reader(self.sock.fileno(), self._read)

    def _read(self) -> None:
        assert self.sock is not None
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                asyncio.get_running_loop().remove_reader(self.sock.fileno())
                log.error("the session parent (zygote) ended; no new sessions can start")
                self.on_lost()
                return
            self._on_report(json.loads(data))

    def spawn(self, request: dict[str, Any], slave: int) -> None:
        """Ask for a session on the pty whose slave side is `slave` (the zygote gets its own copy)."""
        assert self.sock is not None
        self.sock.setblocking(True)
        try:
            socket.send_fds(self.sock, [json.dumps(request).encode()], [slave])
        finally:
            self.sock.setblocking(False)

    def stop(self) -> None:
        if self.sock is not None:
            try:
                asyncio.get_running_loop().remove_reader(self.sock.fileno())
            except RuntimeError:
                pass
            self.sock.close()
            self.sock = None
        if self.process is not None:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else os.getpid()
