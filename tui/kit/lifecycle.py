"""When the terminal goes away or the process is told to stop: save, then end within a bounded time.

Textual can block for good in its own shutdown once the terminal is gone: its writer thread dies
on EIO (or a signal handler re-enters the write queue) and the main thread waits in Queue.put
forever. So nothing here depends on the event loop or the terminal: a raw signal handler only
writes a byte to a pipe; a watcher thread saves (on the loop when it answers, else from the
model directly), asks the app to exit, and calls os._exit when that has not finished in time.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import select
import signal
import stat
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.kit.host import HostApp

SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
SAVE_ON_LOOP = 0.6
"""How long the event loop gets to run the save before the watcher saves from the model itself."""
HANGUP_GRACE = 0.3
"""After a hang-up nothing needs drawing: a short chance for a normal exit, then os._exit."""
STOP_GRACE = 0.8
"""SIGTERM or SIGINT: the terminal is still there, so give Textual time to restore it."""
TERMINAL_GONE = 0xFF
"""The byte the watcher sees when standard input reports a hang-up (poll), without any signal."""


class Lifecycle:
    """Installed once per running app (never in headless tests: os._exit would end pytest)."""

    def __init__(self, app: HostApp, save: Callable[[str], None]) -> None:
        self.app = app
        self._save = save
        self._saved = threading.Lock()
        self._done = False
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        """Call from the running app (on_mount): signals go to the watcher from then on."""
        self._loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            # Textual's web driver registers SIGTERM/SIGINT on the loop (exit at once, nothing saved).
            # Left there, asyncio's wakeup fd still runs it beside this handler and the two race:
            # the app then ended as "browser closed" on a server stop. One handler per signal.
            try:
                self._loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
            signal.signal(sig, self._on_signal)
        threading.Thread(target=self._watch, name="packetdesk-lifecycle", daemon=True).start()

    def _on_signal(self, signum: int, _frame: object) -> None:
        # Runs in the main thread between bytecodes, maybe inside Textual's write queue: only a write(2).
        try:
            os.write(self._write, bytes([signum]))
        except OSError:
            pass

    def _watch(self) -> None:
        poller = select.poll()
        poller.register(self._read, select.POLLIN)
        watch_stdin = _is_terminal_or_pipe(0)
        if watch_stdin:
            poller.register(0, 0)  # only POLLHUP / POLLERR are reported for an empty mask
        while True:
            for fd, events in poller.poll():
                if fd == self._read:
                    self.stop(os.read(self._read, 1)[0])
                    return
                if events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    self.stop(TERMINAL_GONE)
                    return

    def stop(self, signum: int) -> None:
        """Save, end the session, exit; os._exit when the normal exit does not finish in time."""
        if self._stopping:
            return
        self._stopping = True
        hangup = signum in (signal.SIGHUP, TERMINAL_GONE)
        reason = "terminal closed" if signum == TERMINAL_GONE else signal.Signals(signum).name
        self.save_once(reason)
        # Once Textual has restored the terminal, skip the interpreter's teardown: freeing a big
        # heap took over a second on a loaded 2-core machine, and this thread is frozen during it.
        atexit.register(os._exit, 0)
        self._on_loop(self.app.exit, 0)
        time.sleep(HANGUP_GRACE if hangup else STOP_GRACE)
        os._exit(0)  # reached only when the normal exit hung (or is slower than the grace)

    def _on_loop(self, fn: Callable[..., object], *args: object) -> None:
        loop = self._loop
        try:
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:  # the loop closed in between
            pass

    def save_once(self, reason: str) -> None:
        """Save on the event loop if it answers in time, else from here; never twice."""
        finished = threading.Event()

        def on_loop() -> None:
            try:
                self._save_guarded(reason)
            finally:
                finished.set()

        self._on_loop(on_loop)
        if not finished.wait(SAVE_ON_LOOP):
            self._save_guarded(reason)

    def _save_guarded(self, reason: str) -> None:
        if not self._saved.acquire(timeout=SAVE_ON_LOOP):
            return  # the loop is saving right now and slowly; the deadline still holds
        try:
            if not self._done:
                self._done = True
                self._save(reason)
        except Exception:  # noqa: BLE001 - the process ends either way; nothing to show on a gone terminal
            pass
        finally:
            self._saved.release()


def _is_terminal_or_pipe(fd: int) -> bool:
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return os.isatty(fd) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def exit_within(seconds: float, code: int = 0) -> None:
    """A last resort for exits that start elsewhere (Ctrl+Q, a crash): end the process if they hang."""

    def later() -> None:
        time.sleep(seconds)
        os._exit(code)

    threading.Thread(target=later, name="packetdesk-exit-deadline", daemon=True).start()
