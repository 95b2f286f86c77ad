"""A `packetdesk serve` started by a test on loopback, and OpenSSH's own client on a pty against it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

REPO = Path(__file__).resolve().parents[2]
F3, F10 = "\x1bOR", "\x1b[21~"
TAB, ENTER, BACKSPACE = "\t", "\r", "\x7f"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`python -m tui.cli serve` in its own process; its log goes to a file the test can read."""

    def __init__(self, home: Path, *args: str, env: dict[str, str] | None = None, demo: bool = True) -> None:
        self.home = home
        self.port = free_port()
        self.log_path = home.parent / f"serve-{self.port}.log"
        environment = {**os.environ, "PACKETDESK_HOME": str(home), **(env or {})}
        environment.pop("TEXTUAL", None)
        command = [sys.executable, "-m", "tui.cli", "serve", "--port", str(self.port), *(["--demo"] if demo else []), *args]
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=str(REPO), env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_for_log("Packetdesk over SSH on", timeout=180)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, fragment: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while fragment not in self.text():
            if self.process.poll() is not None:
                raise AssertionError(f"the server ended ({self.process.returncode}):\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {fragment!r} in the server log:\n{self.text()}")
            time.sleep(0.05)
        return self.text()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


def ssh_args(port: int, *command: str, tty: bool = True) -> list[str]:
    return [
        *(["-tt"] if tty else ["-T"]), "-p", str(port),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
        "producer@127.0.0.1", *command,
    ]


class SshTerminal:
    """OpenSSH's `ssh` on a pty of its own; what arrives is drawn on a pyte screen."""

    def __init__(self, port: int, *command: str, size: tuple[int, int] = (80, 24)) -> None:
        width, height = size
        self.child = pexpect.spawn("ssh", ssh_args(port, *command), dimensions=(height, width))
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.ended = False

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        if self.ended:
            time.sleep(seconds)
            return
        try:
            data = self.child.read_nonblocking(65536, timeout=seconds)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.raw += data
        self.stream.feed(data)

    def wait_for(self, predicate: Callable[[str], object], timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while not predicate(self.text):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the terminal shows:\n{self.text}")
            if self.ended:
                raise AssertionError(f"the connection ended; the terminal showed:\n{self.text}")
            self.pump()
        return self.text

    def wait_text(self, fragment: str, timeout: float = 30) -> str:
        return self.wait_for(lambda text: fragment in text, timeout)

    def line_with(self, fragment: str) -> str:
        return next((line for line in self.screen.display if fragment in line), "")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, width: int, height: int) -> None:
        self.screen.resize(height, width)
        self.child.setwinsize(height, width)

    def wait_end(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self.ended and time.monotonic() < deadline:
            self.pump()

    def drop(self) -> None:
        """The connection dies without a goodbye (laptop lid, network): the client is killed."""
        self.child.kill(signal.SIGKILL)
        self.child.close(force=True)
        self.ended = True

    def close(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
        self.child.close(force=True)


def seeded_home(tmp_path_factory: object, name: str = "served") -> Path:
    """A demo database made once by the server itself (full-cost argon2 makes seeding slow)."""
    home = tmp_path_factory.mktemp(name) / "home"  # type: ignore[attr-defined]
    home.mkdir()
    server = Server(home)
    server.stop()
    return home


def copy_home(seeded: Path, into: Path) -> Path:
    home = into / "home"
    shutil.copytree(seeded, home)
    return home
