"""Pilot keys that wait on the app's own queues instead of on time.

Textual's `App._press_keys` waits for "CPU idle" twice after every key: at least 40 ms a key however
little the key does, most of the suite's Pilot time. Here each key is followed by the tester
scripts' settle (tui/script/appstate: no messages queued, nothing left to draw, no core call or
worker running, no short timer due), which takes what the key takes.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
import weakref
from collections.abc import Iterable

from textual import _time, events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.worker import WorkerState

from tui.script.appstate import BackgroundWork, loop_has_work, screen_busy, timer_due

SETTLE_LIMIT = 5.0
"""A key that has not settled by then is left to the test's own wait (as Textual's idle wait gives up after 1 s)."""

TIMER_HORIZON = 0.3
"""One-shot timers due within this many seconds finish what the key began (the scripts wait for them too)."""

STALLED = 0.05
"""A core call or worker that used no CPU for this long is held by the test (an event it sets later): stop waiting."""


def counting_executor() -> BackgroundWork:
    """The running loop's default executor, made one that counts calls in flight (asyncio.to_thread runs there)."""
    loop = asyncio.get_running_loop()
    current = getattr(loop, "_default_executor", None)
    if isinstance(current, BackgroundWork):
        return current
    executor = BackgroundWork()
    loop.set_default_executor(executor)
    if current is not None:
        current.shutdown(wait=False)  # calls already running finish; new ones are counted
    return executor


async def settle(app: App[object]) -> None:
    """Until the app has done everything the keys so far asked for (see the module docstring).

    Messages, drawing and short timers are always waited for; a core call or thread worker only
    while it uses CPU (one held by the test, on an event it sets later, is left running).
    """
    work = counting_executor()
    deadline = time.monotonic() + SETTLE_LIMIT
    cpu, cpu_at = _other_threads_cpu(), time.monotonic()
    while app.is_running and time.monotonic() < deadline:
        if loop_has_work():
            await asyncio.sleep(0)
            continue
        stalled = False
        if _threads_busy(app, work):
            now_cpu, now = _other_threads_cpu(), time.monotonic()
            if now_cpu - cpu > 0.001:
                cpu, cpu_at = now_cpu, now
            stalled = now - cpu_at > STALLED
            if not stalled:
                # Not walking the screen meanwhile: that would take the GIL from the call every few ms.
                await asyncio.sleep(0.005)
                continue
        reason = screen_busy(app)
        if reason == "the screen has changes to draw":
            app.screen._on_timer_update()  # draw now rather than at the next frame
        if reason:
            await asyncio.sleep(0)
            continue
        if stalled or not timer_due(app, TIMER_HORIZON):  # type: ignore[arg-type]
            return
        await asyncio.sleep(0.002)


def _threads_busy(app: App[object], work: BackgroundWork) -> bool:
    """A core call in flight, or a thread worker (or one not started yet), as appstate.busy counts them."""
    return bool(work.in_flight) or any(
        worker.state == WorkerState.PENDING or (worker.state == WorkerState.RUNNING and worker._thread_worker)
        for worker in app.workers
    )


def _other_threads_cpu() -> float:
    """CPU time of every thread but this one (the event loop's own polling does not count)."""
    return time.process_time() - time.thread_time()


def key_event(key: str) -> events.Key:
    """The key event Pilot.press sends for a key name (the same lookup as App._press_keys)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def _send(app: App[object], event: events.Key) -> None:
    """Through the driver, as Pilot sends keys: queued behind what the test itself just did (a focus, a value)."""
    if app._driver is not None:
        app._driver.send_message(event)
    else:
        app.post_message(event)


async def press_keys(app: App[object], keys: Iterable[str]) -> None:
    """App._press_keys for tests: each key on the app's queue, then settle."""
    for key in keys:
        if key.startswith("wait:"):
            await asyncio.sleep(float(key.split(":")[1]) / 1000)
            continue
        event = key_event(key)
        event.set_sender(app)
        _send(app, event)
        await settle(app)


_typed_until: weakref.WeakKeyDictionary[App[object], float] = weakref.WeakKeyDictionary()
"""Per app, the time stamped on the last key type_timed sent (its times run ahead of the clock)."""


async def type_timed(app: App[object], text: str, gap: float) -> None:
    """Type `text` as a person would, one key every `gap` seconds, without waiting that long.

    Each key event carries its arrival time (what the typing-pattern screen reads, as it reads a
    terminal's); the app gets each key after the one before has settled.
    """
    start = max(_time.get_time(), _typed_until.get(app, 0.0) + gap)  # times only move forward
    _typed_until[app] = start + (len(text) - 1) * gap
    for index, char in enumerate(text):
        event = key_event(char)
        event.time = start + index * gap
        event.set_sender(app)
        _send(app, event)
        await settle(app)
