"""Drive the app in this process with Textual's Pilot, headless."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
import unicodedata
from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from core.kernel.context import AppContext
from core.notify import outbox
from core.notify.outbox import Message
from tui.app import PacketdeskApp
from tui.script import appstate, render
from tui.script.driver import DriverTrouble

SETTLE_LIMIT = 30.0
TIMER_HORIZON = 0.3
"""Timers due within this many seconds are waited for; later ones (toasts fading, drafts, idle checks) are not."""


def named_key(name: str) -> tuple[str, str | None]:
    """The key and character Pilot.press would send for a key name (the same lookup as App._press_keys)."""
    key = _character_to_key(name) if len(name) == 1 and not name.isalnum() else name
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return key, char


class InProcessDriver:
    """A headless app on a fresh database; keys go through the app's own message queue."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="packetdesk-script-"))
        self.stack = AsyncExitStack()
        self._ctx: AppContext | None = None
        self._app: PacketdeskApp | None = None
        self._pilot: Pilot[Any] | None = None
        self.work: appstate.BackgroundWork | None = None

    @property
    def app(self) -> PacketdeskApp:
        if self._app is None or self._pilot is None:
            raise DriverTrouble("the app is not running")
        if self._app._exception is not None:
            raise DriverTrouble(f"the app crashed: {type(self._app._exception).__name__}: {self._app._exception}")
        if not self._app.is_running:
            raise DriverTrouble("the app has exited (ctrl+q or a crash)")
        return self._app

    @property
    def quit(self) -> bool:
        """The app ended on purpose (ctrl+q), not by crashing."""
        return self._app is not None and not self._app.is_running and self._app._exception is None

    @property
    def pilot(self) -> Pilot[Any]:
        assert self._pilot is not None
        return self._pilot

    async def start(self, size: tuple[int, int]) -> None:
        # Saved PDFs are written relative to the working folder (see ScriptSettings).
        self.stack.enter_context(appstate.working_folder(self.folder))
        self._ctx = appstate.build_context(self.folder)
        self._app = appstate.scripted_app(self._ctx)
        self.work = appstate.BackgroundWork.install()
        self._pilot = await self.stack.enter_async_context(self._app.run_test(size=size, notifications=True))
        await self.settle()

    async def settle(self) -> None:
        """Idle (no core calls, workers, messages or changes waiting to be drawn) and no timer due soon.

        Waits on the app's own queues rather than on time: a key costs what the app does with it.
        """
        assert self.work is not None
        deadline = time.monotonic() + SETTLE_LIMIT
        while True:
            if self.quit:
                return  # the next command that needs the app says it has exited
            reason = "tasks are ready to run" if appstate.loop_has_work() else appstate.busy(self.app, self.work)
            if reason == "the screen has changes to draw":
                self.app.screen._on_timer_update()  # draw now rather than at the next frame, then look again
            if reason is None:
                # e.g. a field scrolled into view once its error lines have taken their room
                if not appstate.timer_due(self.app, TIMER_HORIZON):
                    return
                reason = "a timer is due"
            if time.monotonic() > deadline:
                raise DriverTrouble(f"the app did not settle within {SETTLE_LIMIT:g} s ({reason})")
            # Threads doing core calls and timers need time more than this loop needs to ask again.
            await asyncio.sleep(0.002 if reason in ("a core call is running", "a worker is running", "a timer is due") else 0)

    def send_key(self, key: str, char: str | None) -> None:
        """One key event on the app's queue, as its driver posts what a terminal read delivers (stamped now).

        Posted here rather than through the driver's thread-safe hop, so the key is queued before
        `settle` first asks whether the app is idle.
        """
        event = events.Key(key, char)  # the typing pattern reads these times
        event.set_sender(self.app)
        self.app.post_message(event)

    async def type_text(self, text: str, gap: float = 0.0) -> None:
        # Without a gap, all characters queued at once, as a fast typist's or a paste's single read delivers them.
        for char in text:
            self.send_key(char if char.isalnum() else _character_to_key(char), char)
            if gap:
                await asyncio.sleep(gap)
        await self.settle()

    async def press(self, keys: tuple[tuple[str, str], ...]) -> None:
        for kind, value in keys:
            if kind == "text":
                await self.type_text(value)
            else:
                self.send_key(*named_key(value))
                await self.settle()

    async def tick(self) -> None:
        await asyncio.sleep(0.05)
        await self.settle()

    async def screen_text(self) -> str:
        return render.app_text(self.app)

    async def snapshot(self, title: str, *, as_is: bool = False) -> tuple[str, str]:
        # Toasts vanish after a few seconds of real time: pictures leave them out (see docs/SCRIPTS.md).
        if not as_is:
            self.app.clear_notifications()
            await self.settle()
        return render.app_snapshot(self.app, title)

    async def field(self, field_id: str) -> str | None:
        return appstate.field_value(self.app, field_id)

    async def move_clock(self, *, when: datetime | None = None, delta: timedelta | None = None) -> None:
        appstate.move_clock(self.app, when=when, delta=delta)
        await self.settle()

    async def resize(self, width: int, height: int) -> None:
        await self.pilot.resize_terminal(width, height)
        await self.settle()

    async def latest_message(self, kind: str | None, to: str | None) -> Message | None:
        assert self._ctx is not None
        return outbox.latest_for_recipient(self._ctx, to=to, kind=kind)

    async def close(self) -> None:
        try:
            await self.stack.aclose()
        except Exception as exc:  # the app's own crash, re-raised by run_test on the way out
            raise DriverTrouble(f"the app crashed: {type(exc).__name__}: {exc}") from exc
        finally:
            if self._ctx is not None:
                self._ctx.engine.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)
