"""What both runners need from the app: a deterministic context, idleness, field values, the clock."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.css.query import NoMatches
from textual.worker import WorkerState

from core import demo
from core.kernel.clock import FixedClock, SeededIds
from core.kernel.config import Settings
from core.kernel.context import AppContext
from tui.app import PacketdeskApp, make_app

TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
"""The fixed PII key of AppContext.for_tests: scripted databases hold demo data only."""


@dataclass(frozen=True)
class ScriptSettings(Settings):
    """Saved PDFs go to ./documents, so the path the Print Packet screen shows is the same every run."""

    @property
    def documents_dir(self) -> Path:
        return Path("documents")


def build_context(home: Path) -> AppContext:
    """A fresh database in `home` with the demo data: fixed clock, seeded ids, cheap hashing."""
    settings = ScriptSettings.from_env(
        {}, home=home, database_url=f"sqlite:///{home / 'packetdesk.db'}", key_file=home / "pii.key", key_b64=TEST_KEY,
    )
    ctx = AppContext.create(settings, clock=FixedClock(), ids=SeededIds(), fast_hash=True, host="testhost")
    demo.seed(ctx)
    return ctx


def open_context(home: Path) -> AppContext:
    """The same database again (the pty runner reads the child's outbox with it)."""
    settings = ScriptSettings.from_env(
        {}, home=home, database_url=f"sqlite:///{home / 'packetdesk.db'}", key_file=home / "pii.key", key_b64=TEST_KEY,
    )
    return AppContext.create(settings, clock=FixedClock(), ids=SeededIds(), fast_hash=True, host="testhost")


@contextmanager
def working_folder(folder: Path) -> Iterator[None]:
    """Run with `folder` as the current directory (relative document paths land there)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def scripted_app(ctx: AppContext) -> PacketdeskApp:
    """The real app, as `packetdesk --demo` builds it, without cursor blink or animations."""
    app = make_app(ctx, blink=False, demo=True)
    app.animation_level = "none"
    return app


class BackgroundWork(ThreadPoolExecutor):
    """The event loop's default executor, counting calls in flight (asyncio.to_thread runs here)."""

    def __init__(self) -> None:
        super().__init__(thread_name_prefix="packetdesk-script")
        self.in_flight = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            self.in_flight += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._lock:
            self.in_flight -= 1

    @classmethod
    def install(cls) -> BackgroundWork:
        """Make a counting executor the running loop's default."""
        executor = cls()
        asyncio.get_running_loop().set_default_executor(executor)
        return executor


def busy(app: PacketdeskApp, work: BackgroundWork) -> str | None:
    """Why the app is not idle yet, or None when it is."""
    if work.in_flight:
        return "a core call is running"
    for worker in app.workers:
        # An async worker may be waiting for the user (push_screen_wait): only threads and
        # workers not yet started count as work; their core calls are counted above.
        if worker.state == WorkerState.PENDING or (worker.state == WorkerState.RUNNING and worker._thread_worker):
            return "a worker is running"
    try:
        pumps = [app, app.screen, *app.screen.walk_children()]
    except Exception:  # no screen yet while starting or stopping
        return "the screen is changing"
    if any(not pump._message_queue.empty() for pump in pumps):
        return "messages are pending"
    return None


def field_value(app: PacketdeskApp, field_id: str) -> str | None:
    """The value of the widget with this id on the current screen; None when there is none."""
    try:
        widget = app.screen.query_one(f"#{field_id}")
    except NoMatches:
        return None
    value = getattr(widget, "value", None)
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def move_clock(app: PacketdeskApp, *, when: datetime | None = None, delta: timedelta | None = None) -> None:
    """Set or advance the fixed clock, then let the app notice (idle warning, sign-out)."""
    clock = app.ctx.clock
    assert isinstance(clock, FixedClock), "scripts run on a FixedClock"
    if when is not None:
        clock.set(when)
    if delta is not None:
        clock.advance(delta)
    app.check_idle_session()
