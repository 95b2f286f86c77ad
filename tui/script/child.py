"""The program `--pty` starts: the real app on a deterministic demo database, plus a control socket.

The socket answers one JSON request a line: is the app idle, clear toasts, a field's value, move the
clock, quit. Keys never go through it: they arrive on the terminal like a person's.
"""

from __future__ import annotations

import argparse
import array
import asyncio
import fcntl
import json
import os
import sys
import termios
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import PacketdeskApp
from tui.script import appstate

_servers: list[asyncio.AbstractServer] = []


def unread_input() -> int:
    """Bytes typed on the terminal that the app has not read yet."""
    try:
        count = array.array("i", [0])
        fcntl.ioctl(sys.stdin.fileno(), termios.FIONREAD, count)
        return count[0]
    except OSError:
        return 0


def answer(app: PacketdeskApp, work: appstate.BackgroundWork, request: dict[str, Any]) -> dict[str, Any]:
    """Carry out one control request on the app's own event loop."""
    op = request.get("op")
    if op == "idle":
        reason = "keys are waiting to be read" if unread_input() else appstate.busy(app, work)
        return {"busy": reason}
    if op == "clear_toasts":
        app.clear_notifications()
        return {}
    if op == "field":
        return {"value": appstate.field_value(app, str(request["id"]))}
    if op == "clock":
        when = datetime.fromisoformat(request["when"]) if request.get("when") else None
        delta = timedelta(seconds=float(request["seconds"])) if "seconds" in request else None
        appstate.move_clock(app, when=when, delta=delta)
        return {}
    if op == "quit":
        app.exit(0)
        return {}
    return {"error": f"unknown request {op!r}"}


def control_server(app: PacketdeskApp, path: str) -> Any:
    """An auto-pilot that only opens the control socket; the app then runs as it always does."""
    work: list[appstate.BackgroundWork] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                try:
                    reply = answer(app, work[0], json.loads(line))
                except Exception as exc:  # a bad request must not end the app under test
                    reply = {"error": f"{type(exc).__name__}: {exc}"}
                writer.write(json.dumps(reply).encode() + b"\n")
                await writer.drain()
        finally:
            writer.close()

    async def start(_pilot: Pilot[Any]) -> None:
        work.append(appstate.BackgroundWork.install())
        _servers.append(await asyncio.start_unix_server(handle, path=path))

    return start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.script.child")
    parser.add_argument("--home", required=True, help="fresh folder for the database (also the working folder)")
    parser.add_argument("--control", required=True, help="path of the control socket to create")
    args = parser.parse_args(argv)
    home = Path(args.home)
    os.chdir(home)
    ctx = appstate.seeded_context(home)  # one script per process: nothing to gain from a seeded copy
    app = appstate.scripted_app(ctx)
    app.run(auto_pilot=control_server(app, args.control))
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
