"""HCSC onboarding tabs: switching tabs and saving a tab, key to the frame that shows the result.

In-process run_test at 80x24 on the demo database (deterministic test context), the demo's invited
producer with every tab filled (core calls, as tests/test_onboarding_snapshots.py does). Keys go in
the way the Linux driver delivers them; the clock stops at the first rendered frame that shows the
new tab (switch) or the saved tab's status line with the packet's new version (save). The save
goes through core (validation, version check, encrypted answers, history event) on a worker thread.
"tab_save_signed" is the same save once every document is signed: it also renders the documents
before and after to name those that need signing again. The floor ("tab_switch_empty"): the same
switches in an app of eight tabs holding one Input each, a footer, nothing else, in the same run.

    .venv/bin/python -m bench.bench_tabs [--quick]
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Input, TabbedContent, TabPane

from bench.common import emit, median, note, percentile, quick_flag
from bench.keystroke import DisplayProbe, GcProbe

GAP = 0.05


class EmptyTabsApp(App[None]):
    """The floor: Textual's own cost of showing another tab and focusing its field."""

    BINDINGS = [Binding("f4", "next_tab", "Tab", priority=True)]
    TABS = ("general", "licenses", "appointments", "background", "eo", "banking", "conduct", "esignature")

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            for name in self.TABS:
                with TabPane(name.title(), id=name):
                    yield Input(placeholder=name, id=f"field-{name}")
        yield Footer()

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        following = self.TABS[(self.TABS.index(tabs.active) + 1) % len(self.TABS)]
        tabs.active = following
        self.set_focus(self.query_one(f"#field-{following}"), scroll_visible=False)


async def measure_empty(switches: int) -> list[float]:
    app = EmptyTabsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        probe = DisplayProbe(app)
        driver = app._driver
        assert driver is not None
        tabs = app.query_one(TabbedContent)
        times = []
        for _ in range(switches):
            following = app.TABS[(app.TABS.index(tabs.active) + 1) % len(app.TABS)]
            pane = app.query_one(f"#{following}", TabPane)

            def shown(t: str = following, p: Widget = pane) -> bool:
                return tabs.active == t and p.region.height > 0

            event = events.Key("f4", None)
            event.set_sender(app)
            times.append(await probe.until(shown, lambda e=event: driver.send_message(e)) * 1000)
            await asyncio.sleep(GAP)
        return times


async def measure(home: Path, switches: int, saves: int, *, signed: bool) -> tuple[list[float], list[float]]:
    from core import demo
    from core.kernel.context import AppContext
    from core.onboarding import case as onboarding
    from core.packets import accounts as onboarding_invite
    from core.packets import packets, signing
    from tests.helpers.onboarding import part_way
    from tui.app import make_app
    from tui.packet.steps import open_packet
    from tui.packet.tabs import TabsScreen

    ctx = AppContext.for_tests(home)
    demo.seed(ctx)
    actor = part_way(ctx)
    packet_id = onboarding_invite.my_cases(ctx, actor, "hcsc_onboarding")[0].packet_id
    if signed:
        current = packets.load(ctx, actor, packet_id)
        answers = dict(current.answers["background"], q10="No")
        onboarding.save_tab(ctx, actor, packet_id, "background", answers, current.version)
        onboarding.give_consent(ctx, actor, packet_id, signing.consent_code(current.program.consent_text()))
        for state in signing.document_states(ctx, packets.load(ctx, actor, packet_id)):
            act = signing.sign if state.spec.needs_signature else signing.review
            act(ctx, actor, packet_id, state.spec.id, state.document.sha256)
    app = make_app(ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.signed_in(actor)
        open_packet(app, packets.load(ctx, actor, packet_id), "general")
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, TabsScreen) and isinstance(app.focused, Input):
                break
        screen = app.screen
        assert isinstance(screen, TabsScreen)
        tabs = screen
        await pilot.pause(0.3)  # the first tab's focus and layout settle before timing starts
        probe = DisplayProbe(app)
        driver = app._driver
        assert driver is not None

        def send(key: str) -> None:
            event = events.Key(key, None)
            event.set_sender(app)
            driver.send_message(event)

        switch_times: list[float] = []
        by_tab: dict[str, list[float]] = {}
        gc_probe = GcProbe().__enter__()
        for _ in range(switches):
            target = tabs.neighbour(1)
            body = tabs.bodies[target]
            def shown(t: str = target, b: Widget = body) -> bool:
                return tabs.active == t and b.region.height > 0

            elapsed = await probe.until(shown, lambda: send("f4"))
            switch_times.append(elapsed * 1000)
            by_tab.setdefault(target, []).append(elapsed * 1000)
            await asyncio.sleep(GAP)
        gc_probe.__exit__()
        full = [round(ms) for generation, ms in gc_probe.pauses if generation == 2]
        if switches:
            note(f"tab_switch: {len(full)} full garbage collections while switching ({full} ms): they make the p95")
        if by_tab:
            note("tab_switch first visit by tab: " + ", ".join(f"{t} {v[0]:.0f}" for t, v in by_tab.items()) + " ms")
            note("tab_switch median of later visits by tab: "
                 + ", ".join(f"{t} {median(v[1:] or v):.1f}" for t, v in by_tab.items()) + " ms")

        tabs.activate("general")
        await pilot.pause(0.2)
        field = tabs.bodies["general"].form.rows["business_ext"].control  # type: ignore[attr-defined]
        assert isinstance(field, Input)
        save_times: list[float] = []
        for index in range(saves):
            field.value = str(100 + index)
            await pilot.pause(0.05)
            version = screen.view.version
            def saved(v: int = version) -> bool:
                return screen.view.version == v + 1 and "saved" in str(screen.status.render())

            elapsed = await probe.until(saved, lambda: send("f2"))
            save_times.append(elapsed * 1000)
            await asyncio.sleep(GAP)
        return switch_times, save_times


def report(prefix: str, times: list[float]) -> None:
    emit(f"{prefix}_median", median(times), "ms")
    emit(f"{prefix}_p95", percentile(times, 95), "ms")


def main(quick: bool) -> None:
    from tui.kit.heap import THRESHOLDS, pace_collector

    switches, saves = (16, 8) if quick else (64, 30)
    pace_collector()  # as packetdesk runs (tui.cli, serve sessions)
    note(f"garbage collector thresholds {THRESHOLDS}, as packetdesk sets them")
    note(f"method: in-process run_test at 80x24, {switches} tab switches (F4, no unsaved changes) and "
         f"{saves} saves (F2 after changing one field of General), {GAP * 1000:.0f} ms apart, key posted "
         "as the driver does until the frame showing the result is rendered")
    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        switch_times, save_times = asyncio.run(measure(Path(tmp), switches, saves, signed=False))
    report("tab_switch", switch_times)
    report("tab_switch_empty", asyncio.run(measure_empty(switches)))
    report("tab_save", save_times)
    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        _, signed_times = asyncio.run(measure(Path(tmp), 0, saves, signed=True))
    report("tab_save_signed", signed_times)


if __name__ == "__main__":
    main(quick_flag())
