"""Drive the real program in a pseudo-terminal: keys arrive in bursts, the screen is read with pyte."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pyte

from core.kernel.config import REPO_ROOT
from core.kernel.context import AppContext
from core.notify import outbox
from core.notify.outbox import Message
from tui.script import appstate, render
from tui.script.driver import DriverTrouble
from tui.script.keys import terminal_bytes

START_LIMIT = 30.0
SETTLE_LIMIT = 30.0
QUIET = 0.05
ESCAPE_PAUSE = 0.2
"""Longer than Textual's ESCDELAY (0.1 s): Escape then x must not read as Alt+x."""


class PtyDriver:
    """One child process (tui.script.child) on its own pty and scratch folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pdpty-"))
        self.control_path = str(self.folder / "control.sock")
        self.child: pexpect.spawn | None = None
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.ctx: AppContext | None = None
        self.ended = False
        """The program has closed the terminal (quit, or crashed)."""

    # --- the terminal -----------------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Feed whatever the app draws within `timeout` to the emulator; True if anything came."""
        assert self.child is not None
        if self.ended:
            return False
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return False
        except pexpect.EOF:
            self.ended = True
            return False
        self.stream.feed(data)
        return True

    def quit_on_purpose(self, limit: float = 5.0) -> bool:
        """Whether the program is ending (or has ended) with exit status 0."""
        assert self.child is not None
        deadline = time.monotonic() + limit
        while not self.ended and time.monotonic() < deadline:
            self.pump(0.05)
        if not self.ended:
            return False
        self.child.isalive()  # collects the exit status
        return self.child.exitstatus == 0

    def check_running(self) -> None:
        """Raise when the program is gone; a crash shows what it printed last."""
        if not self.ended:
            return
        assert self.child is not None
        self.child.isalive()  # collects the exit status
        status = self.child.exitstatus
        how = "has exited" if status == 0 else f"crashed (exit status {status}, signal {self.child.signalstatus})"
        raise DriverTrouble(f"the app {how}; last screen:\n" + render.pyte_text(self.screen))

    def drain(self, quiet: float = QUIET, limit: float = SETTLE_LIMIT) -> None:
        """Read until the app has drawn nothing for `quiet` seconds."""
        deadline = time.monotonic() + limit
        while self.pump(quiet):
            if time.monotonic() > deadline:
                raise DriverTrouble(f"the app kept drawing for {limit:g} s")

    def write(self, text: str) -> None:
        assert self.child is not None
        self.check_running()
        self.child.send(text.encode("utf-8"))

    # --- the control socket -----------------------------------------------------------------
    def control(self, **request: Any) -> dict[str, Any]:
        self.check_running()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(10)
                client.connect(self.control_path)
                client.sendall(json.dumps(request).encode() + b"\n")
                reply = b""
                while not reply.endswith(b"\n"):
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
        except OSError as exc:
            raise DriverTrouble(f"the app does not answer ({exc}); last screen:\n" + render.pyte_text(self.screen)) from None
        answer: dict[str, Any] = json.loads(reply or b"{}")
        if "error" in answer:
            raise DriverTrouble(f"the app's control socket said: {answer['error']}")
        return answer

    # --- Driver -----------------------------------------------------------------------------
    async def start(self, size: tuple[int, int]) -> None:
        width, height = size
        self.screen.resize(height, width)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "PACKETDESK")) and k != "NO_COLOR"}
        env.update(TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none", PYTHONPATH=str(REPO_ROOT))
        self.child = pexpect.spawn(
            sys.executable, ["-m", "tui.script.child", "--home", str(self.folder), "--control", self.control_path],
            env=env, cwd=str(self.folder), dimensions=(height, width), echo=False,
        )
        deadline = time.monotonic() + START_LIMIT
        while not os.path.exists(self.control_path):
            self.pump(0.05)
            self.check_running()
            if time.monotonic() > deadline:
                raise DriverTrouble(f"the app did not start within {START_LIMIT:g} s:\n" + render.pyte_text(self.screen))
        await self.settle()

    async def settle(self) -> None:
        """Nothing drawn for a moment, the app reports idle, and still nothing drawn after asking."""
        deadline = time.monotonic() + SETTLE_LIMIT
        while True:
            self.drain()
            try:
                reason = self.control(op="idle")["busy"]
            except DriverTrouble:
                if self.quit_on_purpose():
                    return  # ctrl+q: the next command that needs the app says it has exited
                raise
            if not self.pump(QUIET) and reason is None:
                return
            if time.monotonic() > deadline:
                raise DriverTrouble(f"the app did not settle within {SETTLE_LIMIT:g} s ({reason or 'it kept drawing'})")

    async def type_text(self, text: str, gap: float = 0.0) -> None:
        if not gap:
            self.write(text)  # one write: the whole text arrives as one burst
            await self.settle()
            return
        for char in text:
            self.write(char)
            deadline = time.monotonic() + gap
            while (left := deadline - time.monotonic()) > 0:
                self.pump(left)  # keep reading what the app draws, so its writes never block
        await self.settle()

    async def press(self, keys: tuple[tuple[str, str], ...]) -> None:
        burst = ""
        for index, (kind, value) in enumerate(keys):
            burst += value if kind == "text" else terminal_bytes(value)
            if kind == "key" and value == "escape" and index < len(keys) - 1:
                self.write(burst)
                burst = ""
                time.sleep(ESCAPE_PAUSE)
        if burst:
            self.write(burst)
        await self.settle()

    async def tick(self) -> None:
        self.pump(0.05)

    async def screen_text(self) -> str:
        self.drain(quiet=0.01)
        self.check_running()
        return render.pyte_text(self.screen)

    async def snapshot(self, title: str, *, as_is: bool = False) -> tuple[str, str]:
        if not as_is:
            self.control(op="clear_toasts")
            await self.settle()
        return render.pyte_snapshot(self.screen, title)

    async def field(self, field_id: str) -> str | None:
        value = self.control(op="field", id=field_id)["value"]
        return None if value is None else str(value)

    async def move_clock(self, *, when: datetime | None = None, delta: timedelta | None = None) -> None:
        request: dict[str, Any] = {"op": "clock"}
        if when is not None:
            request["when"] = when.isoformat()
        if delta is not None:
            request["seconds"] = delta.total_seconds()
        self.control(**request)
        await self.settle()

    async def resize(self, width: int, height: int) -> None:
        assert self.child is not None
        self.screen.resize(height, width)
        self.child.setwinsize(height, width)
        await self.settle()

    async def latest_message(self, kind: str | None, to: str | None) -> Message | None:
        if self.ctx is None:
            self.ctx = appstate.open_context(self.folder)
        return outbox.latest_for_recipient(self.ctx, to=to, kind=kind)

    async def close(self) -> None:
        try:
            if self.child is not None and self.child.isalive():
                try:
                    self.control(op="quit")
                    self.child.expect(pexpect.EOF, timeout=5)
                except (DriverTrouble, pexpect.TIMEOUT, pexpect.EOF):
                    pass
        finally:
            if self.child is not None:
                self.child.close(force=True)
            if self.ctx is not None:
                self.ctx.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)
