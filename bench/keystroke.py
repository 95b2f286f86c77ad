"""Keystroke to repaint in a text field, in-process, without Pilot's idle waits.

Each key goes in the way the Linux driver delivers one (driver.send_message, a hop through the
event loop, as from its input thread). The clock stops at the first screen update, after that key,
whose Input already shows the new value: the hook wraps App._display, which the screen's update
timer calls with the compositor's update. Headless Textual skips turning that update into terminal
escape codes, so the hook does that too (render_segments): what is timed is everything up to the
bytes a real terminal would be sent. Keys are 20 ms apart (a fast typist); the field is emptied
(untimed) every 50 keys so max_length never stops a key.

packetdesk: demo database with the deterministic test context, a producer logged in with core
calls (tests/helpers/journey.py), the Interview Questions form at 80x24, the Email Address field
(live e-mail check, autosave draft timer, tooltips: the real form). The floor: bench/empty_app.py.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import Input

from bench.common import emit, note, percentile, quick_flag

KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
BATCH = 50
GAP = 0.020
WARMUP = 5


class GcProbe:
    """Longest garbage-collector pause while typing (a full collection shows up as a slow key)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append((info["generation"], (time.perf_counter() - self._start) * 1000))

    def __enter__(self) -> GcProbe:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)


class DisplayProbe:
    """Wraps app._display; wakes the waiter when a displayed frame satisfies its condition."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.condition: Callable[[], bool] | None = None
        self.done = asyncio.Event()
        self.at = 0.0
        self.frames = 0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            if app.is_headless and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            self.frames += 1
            if self.condition is not None and not self.done.is_set() and self.condition():
                self.at = time.perf_counter()
                self.done.set()

        app._display = display  # type: ignore[method-assign]

    async def until(self, condition: Callable[[], bool], action: Callable[[], None]) -> float:
        """Run action, then wait for a frame where condition holds; seconds from action to frame."""
        self.done.clear()
        self.condition = condition
        start = time.perf_counter()
        action()
        await asyncio.wait_for(self.done.wait(), timeout=5)
        self.condition = None
        return self.at - start


async def type_into(app: App[Any], field: Input, count: int) -> tuple[list[float], GcProbe]:
    """Type count characters into the focused field; milliseconds from key to repaint for each."""
    with GcProbe() as gc_probe:
        return await _type_into(app, field, count), gc_probe


async def _type_into(app: App[Any], field: Input, count: int) -> list[float]:
    probe = DisplayProbe(app)
    driver = app._driver
    assert driver is not None
    times: list[float] = []

    def clear() -> None:
        field.value = ""

    for index in range(WARMUP + count):
        if index % BATCH == 0 and field.value:
            await probe.until(lambda: field.value == "", clear)
            await asyncio.sleep(GAP)
        char = KEYS[index % len(KEYS)]
        expected = field.value + char
        event = events.Key(char, char)
        event.set_sender(app)
        elapsed = await probe.until(lambda e=expected: field.value == e, lambda ev=event: driver.send_message(ev))
        if index >= WARMUP:
            times.append(elapsed * 1000)
        await asyncio.sleep(GAP)
    return times


async def empty_app_times(count: int) -> tuple[list[float], GcProbe]:
    from bench.empty_app import EmptyApp

    app = EmptyApp(blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.query_one("#field", Input)
        assert app.focused is field
        return await type_into(app, field, count)


async def packetdesk_times(count: int, home: Path) -> tuple[tuple[list[float], GcProbe], str]:
    from core import demo
    from core.kernel.context import AppContext
    from core.packets import packets
    from tests.helpers.journey import log_in_first_time
    from tui.app import make_app
    from tui.packet.wizard import WizardScreen

    ctx = AppContext.for_tests(home)
    demo.seed(ctx)
    opened, outcome = log_in_first_time(ctx, "DEMOIL-ILLINOIS26")
    app = make_app(ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.signed_in(outcome.actor, opened)
        view = packets.load(ctx, outcome.actor, opened.packet_id)
        app.show_packet_step(view, "interview")
        for _ in range(200):  # until the form has mounted and focused its first field
            await pilot.pause(0.01)
            if isinstance(app.screen, WizardScreen) and isinstance(app.focused, Input):
                break
        field = app.focused
        assert isinstance(app.screen, WizardScreen) and isinstance(field, Input), app.screen
        where = f"{app.screen.step.title} / {field.id}"
        return await type_into(app, field, count), where


def report(prefix: str, result: tuple[list[float], GcProbe]) -> None:
    times, gc_probe = result
    emit(f"{prefix}_p50", percentile(times, 50), "ms")
    emit(f"{prefix}_p95", percentile(times, 95), "ms")
    emit(f"{prefix}_max", max(times), "ms")
    full = [ms for generation, ms in gc_probe.pauses if generation == 2]
    emit(f"{prefix}_gc_pause_max", max((ms for _, ms in gc_probe.pauses), default=0.0), "ms")
    note(f"{prefix}: {len(gc_probe.pauses)} garbage collections while typing, {len(full)} full "
         f"(generation 2){': ' + ', '.join(f'{ms:.0f}' for ms in full) + ' ms' if full else ''}")


def main(quick: bool) -> None:
    from tui.kit.heap import THRESHOLDS, pace_collector

    count = 50 if quick else 200
    pace_collector()  # as packetdesk runs (tui.cli, serve sessions); the empty app gets the same
    note(f"garbage collector thresholds {THRESHOLDS} for both apps, as packetdesk sets them")
    note(f"method: in-process run_test at 80x24, {count} keys ({WARMUP} warm-up keys not counted), "
         f"{GAP * 1000:.0f} ms apart, key posted as the driver does until the frame showing it is rendered")
    empty = asyncio.run(empty_app_times(count))
    report("keystroke_empty", empty)
    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        result, where = asyncio.run(packetdesk_times(count, Path(tmp)))
    note(f"packetdesk field: {where}")
    report("keystroke_packetdesk", result)
    emit("keystroke_ratio_p50", percentile(result[0], 50) / percentile(empty[0], 50), "x", 2)


if __name__ == "__main__":
    main(quick_flag())
