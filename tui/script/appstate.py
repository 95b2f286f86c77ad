"""What both runners need from the app: a deterministic context, idleness, field values, the clock."""

from __future__ import annotations

import asyncio
import atexit
import copy
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css.query import NoMatches
from textual.message_pump import MessagePump
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


def _settings(home: Path) -> Settings:
    return ScriptSettings.from_env(
        {}, home=home, database_url=f"sqlite:///{home / 'packetdesk.db'}", key_file=home / "pii.key", key_b64=TEST_KEY,
    )


@dataclass(frozen=True)
class _Seeded:
    folder: Path
    clock: FixedClock
    ids: SeededIds


_seeded: list[_Seeded] = []


def _seeded_once() -> _Seeded:
    """The demo data seeded once per process into a folder of its own, as seeding a fresh one would leave it."""
    if not _seeded:
        folder = Path(tempfile.mkdtemp(prefix="packetdesk-script-seed-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        with working_folder(folder):  # saved PDFs land in ./documents, as they would in the script's folder
            ctx = seeded_context(folder)
        ctx.engine.dispose()
        assert isinstance(ctx.clock, FixedClock) and isinstance(ctx.ids, SeededIds)
        _seeded.append(_Seeded(folder, ctx.clock, ctx.ids))
    return _seeded[0]


def seeded_context(home: Path) -> AppContext:
    """The database in `home` (made and migrated when missing) with the demo data seeded unless it has accounts."""
    ctx = AppContext.create(_settings(home), clock=FixedClock(), ids=SeededIds(), fast_hash=True, host="testhost")
    demo.seed(ctx)
    return ctx


def build_context(home: Path) -> AppContext:
    """A fresh database in `home` with the demo data: fixed clock, seeded ids, cheap hashing.

    Seeding costs seconds; each script after the first in a process gets a copy of the first's
    folder (database, key, saved PDFs) with the clock and id source as seeding left them. A database
    already in `home` (a test prepared it through core) is kept as it is.
    """
    if (home / "packetdesk.db").exists():
        return seeded_context(home)
    seeded = _seeded_once()
    shutil.copytree(seeded.folder, home, dirs_exist_ok=True)
    return AppContext.create(
        _settings(home), clock=copy.deepcopy(seeded.clock), ids=copy.deepcopy(seeded.ids), fast_hash=True, host="testhost",
    )


def open_context(home: Path) -> AppContext:
    """The same database again (the pty runner reads the child's outbox with it)."""
    return AppContext.create(_settings(home), clock=FixedClock(), ids=SeededIds(), fast_hash=True, host="testhost")


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
    return screen_busy(app)


def screen_busy(app: App[Any]) -> str | None:
    """Messages queued on the app, the screen or its widgets, an animation still to land, or changes not drawn."""
    try:
        screen = app.screen
        pumps = [app, screen, *screen.walk_children()]
    except Exception:  # no screen yet while starting or stopping
        return "the screen is changing"
    if not all(_waiting_for_messages(pump) for pump in pumps):
        return "messages are pending"
    # A scroll to the focused field is an animation even with animations off: it lands on the animator's
    # next frame, which a loaded machine may not have run before the snapshot.
    if app.animator._animations or app.animator._scheduled:
        return "an animation is running"
    if (screen._layout_required or screen._scroll_required or screen._repaint_required
            or screen._recompose_required or screen._dirty_widgets or screen._callbacks):
        return "the screen has changes to draw"
    return None


def _waiting_for_messages(pump: MessagePump) -> bool:
    """Nothing queued and its loop parked on the queue: a message taken off it counts until its handler returns."""
    queue: Any = pump._message_queue
    if queue.values or pump._pending_message is not None or pump._next_callbacks:
        return False
    if not pump._running or pump._closed:
        return True
    return any(not waiter.done() for waiter in queue.ready_event._waiters)  # type: ignore[attr-defined]


def loop_has_work() -> bool:
    """Callbacks ready to run on this event loop besides the caller: a task just created, a future just resolved."""
    return bool(asyncio.get_running_loop()._ready)  # type: ignore[attr-defined]


def timer_due(app: PacketdeskApp, horizon: float) -> bool:
    """Whether a one-shot timer of at most `horizon` seconds is still to fire on the current screen.

    Such a timer finishes a change the last key began (the app opening its context, a field
    scrolled into view once its error lines have taken their room); longer ones (a toast fading)
    and repeating ones (idle checks, a progress bar's refresh) are not waited for.
    """
    try:
        pumps: list[MessagePump] = [app, app.screen, *app.screen.walk_children()]
    except Exception:  # no screen yet while starting or stopping
        return False
    return any(
        timer._repeat == 0 and timer._interval <= horizon and timer._task is not None and not timer._task.done()
        and timer._active.is_set()
        for pump in pumps for timer in list(pump._timers)
    )


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
