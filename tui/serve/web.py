"""`packetdesk serve --web`: the same application in a browser, one process per tab (textual-serve).

textual-serve has no authentication of its own; the application signs people in as it does over
SSH. Each tab starts the app cold (textual-serve runs a command per connection).
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
import time
from pathlib import Path


def app_processes() -> list[int]:
    """The app processes textual-serve started (children of this process)."""
    found: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        try:
            found += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def stop_sessions(grace: float = 10.0) -> None:
    """SIGTERM every session (each saves its draft and ends its login), then wait for them."""
    pids = app_processes()
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def serve_web(host: str, port: int, *, demo: bool) -> int:
    from textual_serve.server import GracefulExit, Server

    from tui.serve.main import prepare_database

    prepare_database(demo)
    # exec: the shell becomes the app, so SIGTERM reaches the app itself.
    command = f"exec {shlex.quote(sys.executable)} -m tui.cli" + (" --demo" if demo else "")

    class PacketdeskWeb(Server):
        def request_exit(self) -> None:
            stop_sessions()
            raise GracefulExit()

    PacketdeskWeb(command, host=host, port=port, title="Packetdesk").serve()
    return 0
