"""Cold start: process spawn to first painted screen, the empty Textual app against `packetdesk`.

Method (the same for both): each program runs on its own pseudo-terminal sized 80x24 with the real
Linux driver (TERM=xterm-256color), exactly as a person or an SSH session would run it, and exits
right after its first refresh (bench/empty_app.py always; packetdesk with
PACKETDESK_EXIT_WHEN_READY=1). Two times per run:

- paint: until the first frame's text is on the terminal (a marker string is read from the pty);
- wall: until the process has exited and been reaped (what "exits after its first refresh" costs,
  comparable with the 0.40 s floor in the engineering notes; includes Textual's shutdown and the
  interpreter's teardown);
- cpu: user + system CPU seconds of that process (from wait4), a cross-check that other load on
  a shared machine barely moves: when wall and cpu ratios disagree, the machine was busy.

Peak RSS comes from wait4() for that very child. Runs alternate between the two programs so drift
on a shared machine hits both alike; one untimed warm-up each fills the page cache and .pyc files.
packetdesk runs with --demo (as `make run` does) against a demo database created before timing;
first runs on an empty PACKETDESK_HOME (migrations, demo seed with production argon2) are timed
separately. A last run with PYTHONPROFILEIMPORTTIME=1 attributes import time to packages.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO, emit, median, note, quick_flag

ROWS, COLS = 24, 80
EMPTY_MARKER = b"Bench floor"  # EmptyApp.TITLE, drawn by its Header
PACKETDESK_MARKER = b"Welcome to Packetdesk"  # the entry screen's card title
TIMEOUT = 60.0


@dataclass
class Run:
    paint: float
    """Seconds from spawn until the marker was read from the terminal."""
    wall: float
    """Seconds from spawn until the process was reaped."""
    rss_mib: float
    cpu: float
    """Seconds of CPU (user + system) the process used: hardly moved by other load on the machine."""
    output: bytes


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PACKETDESK_", "TEXTUAL_", "PYTHONPROFILEIMPORTTIME")) and k != "COLORTERM"}
    env.update(TERM="xterm-256color", LANG=env.get("LANG", "C.UTF-8"), **extra)
    return env


def run_in_pty(argv: list[str], env: dict[str, str], marker: bytes) -> Run:
    """Spawn argv on a fresh 80x24 pty, read everything it draws, reap it with wait4."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    output = bytearray()
    paint = None
    try:
        while True:
            ready, _, _ = select.select([master], [], [], TIMEOUT)
            if not ready:
                proc.kill()
                raise TimeoutError(f"{argv} drew nothing for {TIMEOUT:.0f} s")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every slave end is closed, the child has gone
                break
            if not chunk:
                break
            output += chunk
            if paint is None and marker in output:
                paint = time.perf_counter() - start
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(master)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or paint is None:
        tail = bytes(output[-1500:]).decode("utf-8", "replace")
        raise RuntimeError(f"{argv} exited {proc.returncode}, marker seen: {paint is not None}\n{tail}")
    return Run(paint, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, bytes(output))


def packetdesk_argv() -> list[str]:
    script = Path(sys.executable).parent / "packetdesk"
    return [str(script), "--demo"] if script.exists() else [sys.executable, "-m", "tui.cli", "--demo"]


def empty_argv() -> list[str]:
    return [sys.executable, str(REPO / "bench" / "empty_app.py")]


IMPORT_LINE = re.compile(rb"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def import_breakdown(output: bytes) -> dict[str, float]:
    """Self import time (ms) summed per top-level package, from PYTHONPROFILEIMPORTTIME output."""
    totals: dict[str, float] = defaultdict(float)
    for self_us, _cum, _indent, name in IMPORT_LINE.findall(output):
        totals[name.decode().split(".")[0]] += int(self_us) / 1000
    return dict(totals)


def report(prefix: str, runs: list[Run]) -> None:
    paints = [r.paint * 1000 for r in runs]
    walls = [r.wall * 1000 for r in runs]
    emit(f"{prefix}_paint_median", median(paints), "ms", 0)
    emit(f"{prefix}_wall_median", median(walls), "ms", 0)
    emit(f"{prefix}_cpu_median", median([r.cpu * 1000 for r in runs]), "ms", 0)
    emit(f"{prefix}_rss_peak", max(r.rss_mib for r in runs), "MiB")
    note(f"{prefix}: {len(runs)} runs, paint {min(paints):.0f}..{max(paints):.0f} ms, "
         f"wall {min(walls):.0f}..{max(walls):.0f} ms")


def main(quick: bool) -> None:
    runs = 3 if quick else 7
    first_runs = 1 if quick else 2
    note(f"method: pty {COLS}x{ROWS}, real Linux driver, TERM=xterm-256color; medians of {runs} "
         "alternating runs after one warm-up each")
    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        # First runs: an empty home each time (migrations + demo seed with production argon2).
        first: list[Run] = []
        for index in range(first_runs):
            env = child_env(PACKETDESK_HOME=f"{tmp}/first{index}", PACKETDESK_EXIT_WHEN_READY="1")
            first.append(run_in_pty(packetdesk_argv(), env, PACKETDESK_MARKER))
        home = f"{tmp}/first0"  # already created and seeded: the home every later run uses
        pd_env = child_env(PACKETDESK_HOME=home, PACKETDESK_EXIT_WHEN_READY="1")
        empty_env = child_env()
        run_in_pty(empty_argv(), empty_env, EMPTY_MARKER)  # warm-ups, untimed
        run_in_pty(packetdesk_argv(), pd_env, PACKETDESK_MARKER)
        empty: list[Run] = []
        packetdesk: list[Run] = []
        for _ in range(runs):
            empty.append(run_in_pty(empty_argv(), empty_env, EMPTY_MARKER))
            packetdesk.append(run_in_pty(packetdesk_argv(), pd_env, PACKETDESK_MARKER))
        report("startup_empty", empty)
        report("startup_packetdesk", packetdesk)
        wall_ratio = median([r.wall for r in packetdesk]) / median([r.wall for r in empty])
        paint_ratio = median([r.paint for r in packetdesk]) / median([r.paint for r in empty])
        emit("startup_ratio_wall", wall_ratio, "x", 2)
        emit("startup_ratio_paint", paint_ratio, "x", 2)
        emit("startup_ratio_cpu", median([r.cpu for r in packetdesk]) / median([r.cpu for r in empty]), "x", 2)
        note(f"goal: packetdesk <= 1.3x the empty app; wall {'MET' if wall_ratio <= 1.3 else 'NOT MET'}, "
             f"paint {'MET' if paint_ratio <= 1.3 else 'NOT MET'}; ratios of the best runs (least disturbed "
             f"by other load): wall {min(r.wall for r in packetdesk) / min(r.wall for r in empty):.2f}x, "
             f"paint {min(r.paint for r in packetdesk) / min(r.paint for r in empty):.2f}x")
        emit("startup_packetdesk_first_run_paint", median([r.paint * 1000 for r in first]), "ms", 0)
        emit("startup_packetdesk_first_run_wall", median([r.wall * 1000 for r in first]), "ms", 0)
        emit("startup_packetdesk_first_run_rss_peak", max(r.rss_mib for r in first), "MiB")

        # Where packetdesk's import time goes (importtime itself adds ~10-20 %).
        profiles = [
            import_breakdown(run_in_pty(packetdesk_argv(), dict(pd_env, PYTHONPROFILEIMPORTTIME="1"),
                                        PACKETDESK_MARKER).output)
            for _ in range(1 if quick else 2)
        ]
        totals = {name: median([p.get(name, 0.0) for p in profiles]) for name in profiles[0]}
        note(f"import time by top-level package at packetdesk start: self time summed per package, "
             f"median of {len(profiles)} runs under -X importtime (all packages: {sum(totals.values()):.0f} ms)")
        for name, ms in sorted(totals.items(), key=lambda item: -item[1])[:8]:
            emit(f"startup_import_{name.lower().replace('-', '_')}", ms, "ms", 0)


if __name__ == "__main__":
    main(quick_flag())
