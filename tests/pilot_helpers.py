"""Small helpers for Pilot tests: wait for core calls, read the screen as text, type, build the app.

Note: `app.run_test()` disables notifications unless given `notifications=True`; pass it when a
test looks for a toast. Snapshots (`snap_compare`) show toasts, so clear them before the picture.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from core.identity import sessions
from core.kernel.context import AppContext
from core.packets import packets, progress
from core.packets.invitations import OpenedPacket
from tests.helpers import keys
from tests.helpers.journey import NEW_PASSWORD, log_in_first_time, sign_everything
from tui.app import PacketdeskApp, make_app
from tui.packet.welcome import ProducerWelcomeScreen
from tui.packet.wizard import WizardScreen

SIZE = (80, 24)
"""The smallest terminal the app promises to work in."""


def app_for(ctx: AppContext, code: str | None = None) -> PacketdeskApp:
    """The real app on a test context, cursor blink and animations off (deterministic pictures, as the
    tester scripts run it: a tab's underline caught mid-slide made a snapshot differ from run to run)."""
    app = make_app(ctx, invitation_code=code, blink=False, demo=True)
    app.animation_level = "none"
    return app


async def wait_until(pilot: Pilot, predicate: Callable[[], object], timeout: float = 5) -> None:
    """Poll until `predicate()` is true; core calls run in threads, so keys alone do not settle."""
    deadline = time.monotonic() + timeout
    while True:
        # What the app is doing first (messages, drawing, a core call): the answer is usually there
        # when it is done, and the predicate never sees a screen half built.
        started = time.monotonic()
        await keys.settle(pilot.app)
        if predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s; the screen shows:\n{screen_text(pilot.app)}")
        if time.monotonic() - started < 0.005:
            await asyncio.sleep(0.02)  # idle and not there yet (a longer timer, a call held elsewhere): poll


def screen_text(app: App[object]) -> str:
    """The plain text on screen (modals composed over their background), as a snapshot would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    render = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(render)
    return console.export_text()


async def type_text(pilot: Pilot, text: str) -> None:
    """Type characters one key at a time, the way Pilot presses them."""
    if text:
        await pilot.press(*text)


def ready_producer(
    ctx: AppContext, code: str, *, signed: bool = False, sent: bool = False, step: str | None = None
) -> OpenedPacket:
    """A producer with a password (journey.NEW_PASSWORD), brought this far in core, then signed out.

    Args:
        signed: interview saved, consent given, every document signed or reviewed.
        sent: also sent to the Home Office (implies signed).
        step: where the next login resumes.
    """
    opened, outcome = log_in_first_time(ctx, code)
    if signed or sent:
        sign_everything(ctx, outcome, opened.packet_id)
    if sent:
        progress.submit(ctx, outcome.actor, opened.packet_id)
    if step:
        packets.go_to_step(ctx, outcome.actor, opened.packet_id, step)
    sessions.end(ctx, outcome.actor, "test setup")
    return opened


def code_after_sending(ctx: AppContext, opened: OpenedPacket) -> str:
    """The code in the "submitted" email: sending voids the invitation code (a new code voids every earlier one)."""
    from core.notify import outbox

    message = outbox.latest_for_recipient(ctx, account_id=opened.account_id)
    assert message is not None
    return next(line.strip() for line in message.body.splitlines() if line.startswith("    ") and "-" in line)


def on_packet_step(app: App[object], step_id: str | None = None) -> bool:
    """Whether a packet step screen (optionally this step) is the current screen."""
    screen = app.screen
    return isinstance(screen, WizardScreen) and (step_id is None or screen.step.id == step_id)


def on_kind(app: App[object], kind: str) -> bool:
    """Whether the wizard shows a step of this kind (form, documents, print...)."""
    screen = app.screen
    return isinstance(screen, WizardScreen) and screen.step.kind == kind


async def log_in(pilot: Pilot, password: str = NEW_PASSWORD, *, step_id: str | None = None) -> None:
    """On the packet's welcome screen: type the password, Enter, wait for the packet step."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)
    await type_text(pilot, password)
    await pilot.press("enter")
    # The step, and its first paint: a loaded machine showed the screen object before any of its text.
    await wait_until(pilot, lambda: on_packet_step(app, step_id) and screen_text(app).strip())


def send_burst(app: App[int], keys: list[str]) -> None:
    """Keys in one read, as a fast typist or a paste over SSH sends them (no waits between)."""
    from textual import events

    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
