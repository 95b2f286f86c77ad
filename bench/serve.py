"""`make bench-serve`: serving over SSH on this machine, in one run.

    .venv/bin/python -m bench.serve            # the full run (about three minutes on 2 cores)
    .venv/bin/python -m bench.serve --quick    # fewer samples and sessions

1. Start-up: from the TCP connect to the first full screen (the welcome card and the footer),
   through `packetdesk serve` pre-forked, through `serve --cold` (every session a new
   interpreter that imports everything, the same SSH path), and `packetdesk` started cold on a
   local pty. Goal: pre-forked at most a third of the cold start.
2. Memory: proportional set size (PSS, /proc/PID/smaps_rollup) with 1, 10, 50 and 100 sessions
   idle at the welcome screen: the sessions' own PSS per session, and the total of the server,
   the session parent and every session. Goal: 100 sessions within 4 GiB in all.
3. Keystroke echo over SSH: 20 sessions type at 5 keys a second ('z', then Backspace) while 80
   stay idle; the echo is the time from sending 'z' to receiving output that holds it (the
   welcome screen has no 'z' of its own). Goal: p95 within 50 ms. The SSH clients all run in this
   one process (asyncssh), on the same two cores as the server and its 100 sessions.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, emit, median, note, percentile, quick_flag

READY = (b"Welcome to Packetdesk", b"Quit")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PACKETDESK_HOME": str(home)}
    env.pop("TEXTUAL", None)
    log = open(home.parent / f"serve-{port}.log", "wb")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "serve", "--port", str(port), "--rate", "100000", "--max-sessions", "500",
         *extra], cwd=str(REPO), env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while b"Packetdesk over SSH on" not in (home.parent / f"serve-{port}.log").read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit((home.parent / f"serve-{port}.log").read_text())
        time.sleep(0.1)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Session:
    """One SSH connection with a pty, its output kept, 'z' echoes timed."""

    def __init__(self) -> None:
        self.output = bytearray()
        self.ready = asyncio.Event()
        self.waiting: asyncio.Future[float] | None = None
        self.chan: object = None

    def received(self, data: bytes) -> None:
        self.output += data
        if not self.ready.is_set() and all(part in self.output for part in READY):
            self.ready.set()
        if self.waiting is not None and not self.waiting.done() and b"z" in data:
            self.waiting.set_result(time.perf_counter())
        if len(self.output) > 1 << 16:
            del self.output[: len(self.output) - 4096]


async def connect(port: int) -> tuple[object, Session]:
    import asyncssh

    session = Session()

    class Client(asyncssh.SSHClientSession):  # type: ignore[type-arg]
        def data_received(self, data: bytes, datatype: object) -> None:
            session.received(data)

    conn = await asyncssh.connect("127.0.0.1", port, username="bench", known_hosts=None, encoding=None)
    chan, _ = await conn.create_session(Client, term_type="xterm-256color", term_size=(80, 24), encoding=None)
    session.chan = chan
    return conn, session


HANDSHAKES: list[float] = []
"""Connect to session channel open (key exchange and the session request), for the notes."""


async def time_to_first_screen(port: int, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn, session = await connect(port)
        HANDSHAKES.append(time.perf_counter() - started)
        await asyncio.wait_for(session.ready.wait(), 60)
        times.append(time.perf_counter() - started)
        conn.close()  # type: ignore[attr-defined]
        await asyncio.sleep(0.5)  # the session ends (SIGHUP) before the next one starts
    return times


def local_cold_start(home: Path, runs: int) -> list[float]:
    """`packetdesk` on a local 80x24 pty: spawn to the first full screen."""
    import pexpect

    env = {**os.environ, "PACKETDESK_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = pexpect.spawn(sys.executable, ["-m", "tui.cli"], cwd=str(REPO), env=env, dimensions=(24, 80))
        seen = b""
        while not all(part in seen for part in READY):
            seen += child.read_nonblocking(65536, timeout=60)
        times.append(time.perf_counter() - started)
        child.kill(signal.SIGHUP)
        child.close(force=True)
        time.sleep(0.3)
    return times


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


async def memory_and_echo(port: int, server_pid: int, counts: list[int], typing: int, seconds: float) -> None:
    sessions: list[tuple[object, Session]] = []
    for count in counts:
        while len(sessions) < count:
            batch = [connect(port) for _ in range(min(10, count - len(sessions)))]
            sessions += await asyncio.gather(*batch)
            await asyncio.gather(*(asyncio.wait_for(s.ready.wait(), 120) for _, s in sessions))
        await asyncio.sleep(3)  # idle: the welcome screen, the cursor blinking
        everything = descendants(server_pid)
        zygote = min(everything)  # started first
        apps = [pid for pid in everything if pid != zygote]
        apps_pss = sum(pss_kib(pid) for pid in apps)
        total = apps_pss + pss_kib(zygote) + pss_kib(server_pid)
        emit(f"serve_pss_per_session_{count}", apps_pss / 1024 / max(1, len(apps)), "MiB")
        emit(f"serve_pss_total_{count}", total / 1024, "MiB")
        note(f"{count} sessions: {len(apps)} app processes, server {pss_kib(server_pid) / 1024:.1f} MiB, "
             f"session parent {pss_kib(zygote) / 1024:.1f} MiB PSS")
    await echo(sessions[:typing], seconds, idle=len(sessions) - typing)
    for conn, _ in sessions:
        conn.close()  # type: ignore[attr-defined]
    await asyncio.sleep(2)


async def echo(typists: list[tuple[object, Session]], seconds: float, idle: int) -> None:
    samples: list[float] = []
    lost = 0
    loop = asyncio.get_running_loop()

    async def type_keys(index: int, session: Session) -> None:
        nonlocal lost
        await asyncio.sleep(index * 0.2 / len(typists))  # spread the typists over the 200 ms beat
        deadline = time.perf_counter() + seconds
        key = 0
        while time.perf_counter() < deadline:
            beat = time.perf_counter()
            if key % 2 == 0:
                session.waiting = loop.create_future()
                sent = time.perf_counter()
                session.chan.write(b"z")  # type: ignore[attr-defined]
                try:
                    samples.append(await asyncio.wait_for(session.waiting, 2) - sent)
                except TimeoutError:
                    lost += 1
            else:
                session.chan.write(b"\x7f")  # type: ignore[attr-defined]
            key += 1
            await asyncio.sleep(max(0.0, 0.2 - (time.perf_counter() - beat)))

    await asyncio.gather(*(type_keys(i, s) for i, (_, s) in enumerate(typists)))
    ms = [s * 1000 for s in samples]
    note(f"{len(typists)} typing at 5 keys/s and {idle} idle for {seconds:.0f} s: {len(ms)} echoes timed, {lost} lost")
    emit("serve_echo_p50", percentile(ms, 50), "ms")
    emit("serve_echo_p95", percentile(ms, 95), "ms")
    emit("serve_echo_max", max(ms), "ms")


def main() -> None:
    quick = quick_flag()
    runs = 4 if quick else 10
    counts = [1, 10, 20] if quick else [1, 10, 50, 100]
    typing = 5 if quick else 20
    folder = Path(tempfile.mkdtemp(prefix="pdbench-serve-"))
    home = folder / "home"
    home.mkdir()
    servers: list[subprocess.Popen[bytes]] = []
    try:
        note("preparing a demo database (production argon2) ...")
        ports = [free_port() for _ in range(3)]
        first = start_server(home, ports[0], "--demo")
        stop(first)

        warm = start_server(home, ports[1])
        servers.append(warm)
        forked = asyncio.run(time_to_first_screen(ports[1], runs + 1))[1:]  # the first fills caches
        cold_server = start_server(home, ports[2], "--cold")
        servers.append(cold_server)
        cold = asyncio.run(time_to_first_screen(ports[2], runs + 1))[1:]
        stop(cold_server)
        local = local_cold_start(home, runs + 1)[1:]
        emit("serve_first_screen_forked_median", median(forked), "s", 3)
        emit("serve_first_screen_cold_ssh_median", median(cold), "s", 3)
        emit("serve_first_screen_local_cold_median", median(local), "s", 3)
        emit("serve_first_screen_ratio_vs_cold_ssh", median(forked) / median(cold), "x", 2)
        emit("serve_first_screen_ratio_vs_local_cold", median(forked) / median(local), "x", 2)
        note(f"of which the SSH handshake and session request: median {median(HANDSHAKES):.3f} s")
        note(f"forked {sorted(round(t, 3) for t in forked)}; cold over SSH {sorted(round(t, 3) for t in cold)}; "
             f"local cold {sorted(round(t, 3) for t in local)}")

        asyncio.run(memory_and_echo(ports[1], warm.pid, counts, typing, 10 if quick else 20))
        stop(warm)
    finally:
        for server in servers:
            if server.poll() is None:
                stop(server)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
