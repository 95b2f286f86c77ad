"""Drive the app in this process with Textual's Pilot, headless."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from core.kernel.context import AppContext
from core.notify import outbox
from core.notify.outbox import Message
from tui.app import PacketdeskApp
from tui.script import appstate, render
from tui.script.driver import DriverTrouble

SETTLE_LIMIT = 30.0
STABLE_FRAMES = 2


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
        """Idle (no core calls, workers or pending messages) and the same picture twice in a row."""
        assert self.work is not None
        deadline = time.monotonic() + SETTLE_LIMIT
        previous, stable = "", 0
        while True:
            if self.quit:
                return  # the next command that needs the app says it has exited
            await self.pilot.pause()
            if self.quit:
                return
            reason = appstate.busy(self.app, self.work)
            text = render.app_text(self.app)
            stable = stable + 1 if reason is None and text == previous else 0
            if stable >= STABLE_FRAMES:
                return
            previous = text
            if time.monotonic() > deadline:
                raise DriverTrouble(f"the app did not settle within {SETTLE_LIMIT:g} s ({reason or 'screen kept changing'})")

    async def type_text(self, text: str, gap: float = 0.0) -> None:
        app = self.app
        driver = app._driver
        assert driver is not None
        # Without a gap, all characters queued at once, as a fast typist's or a paste's single read delivers them.
        for char in text:
            key = char if char.isalnum() else _character_to_key(char)
            event = events.Key(key, char)  # stamped now: the typing pattern reads these times
            event.set_sender(app)
            driver.send_message(event)
            if gap:
                await asyncio.sleep(gap)
        await self.settle()

    async def press(self, keys: tuple[tuple[str, str], ...]) -> None:
        for kind, value in keys:
            if kind == "text":
                await self.type_text(value)
            else:
                self.app  # noqa: B018 - raises when the app is gone
                await self.pilot.press(value)
                await self.settle()

    async def tick(self) -> None:
        await self.pilot.pause(0.05)

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
