"""Helpers shared by the benchmark sections: `name=value unit` lines, percentiles, the machine."""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
METRIC = re.compile(r"^([a-z0-9_]+)=(\S+) (\S+)$")
"""What every figure looks like on stdout: `name=value unit`. Other lines are commentary."""


def emit(name: str, value: float | int, unit: str, digits: int = 1) -> None:
    text = str(value) if isinstance(value, int) else f"{value:.{digits}f}"
    print(f"{name}={text} {unit}", flush=True)


def note(text: str) -> None:
    """Commentary (spread of runs, method): starts with '#', never parsed as a figure."""
    print(f"# {text}", flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p50 of 200 samples is the 100th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil
    return ordered[int(rank) - 1]


def quick_flag(argv: Sequence[str] | None = None) -> bool:
    return "--quick" in (sys.argv[1:] if argv is None else argv)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def machine_lines() -> list[str]:
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    libs = " ".join(
        f"{name}={_version(name)}"
        for name in ("textual", "rich", "SQLAlchemy", "sqlmodel", "alembic", "fpdf2", "argon2-cffi")
    )
    return [
        f"machine: {cores} cores ({usable} usable), {_cpu_model()}, {platform.system()} {platform.release()}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"packages: {libs}",
        f"load average at start: {load}  (others' processes on this machine add noise; compare medians)",
    ]


@contextmanager
def admin_context(database_url: str | None) -> Iterator[tuple[Any, Any, Path]]:
    """A new database (SQLite in a temporary home, or a fresh PostgreSQL schema dropped afterwards)
    with the production hasher, system clock and ids, and one admin: (ctx, admin actor, home)."""
    import tempfile
    import uuid

    from sqlalchemy import create_engine, text

    from core.identity import accounts
    from core.kernel.config import Settings
    from core.kernel.context import AppContext
    from core.kernel.db import writing
    from core.kernel.events import Actor

    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        home = Path(tmp)
        schema = None
        url = database_url or f"sqlite:///{home / 'packetdesk.db'}"
        if database_url:
            schema = f"pd_bench_{uuid.uuid4().hex[:8]}"
            with create_engine(database_url).begin() as connection:
                connection.execute(text(f"CREATE SCHEMA {schema}"))
        settings = Settings.from_env({}, home=home, database_url=url, key_file=home / "pii.key")
        ctx = AppContext.create(settings, schema=schema)
        try:
            with writing(ctx.engine) as session:
                admin = accounts.create_account(ctx, session, username="admin", role="admin",
                                                display_name="Admin", email="admin@example.com")
                actor = Actor(admin.id, "admin")  # type: ignore[arg-type]
            yield ctx, actor, home
        finally:
            ctx.engine.dispose()
            if schema and database_url:
                with create_engine(database_url).begin() as connection:
                    connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
