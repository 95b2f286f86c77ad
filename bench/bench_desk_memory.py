"""Memory of the running app on a big database: sign in as a rep, search, page, open a packet, dashboard.

The packet screen and the dashboard are timed from the push to the first frame (rendered as for a
terminal) that shows what they read: the packet's summary and notes, the dashboard's counts; an empty
screen pushed the same way is the floor.

    .venv/bin/python -m bench.bench_desk_memory --database-url sqlite:///var/bench/big.db
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from pathlib import Path
from typing import Any

from sqlmodel import select
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from bench.common import median, note
from bench.keystroke import DisplayProbe
from core.identity import sessions
from core.identity.models import Account
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import writing
from tui.app import make_app
from tui.desk.dashboard import DashboardScreen
from tui.desk.rep_packet import RepPacketScreen
from tui.desk.search import SearchScreen


def rss_mib() -> float:
    """Resident memory now (Linux /proc), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


OPENS = 5
"""Each screen is opened this many times (popped in between); the figure is the median."""
SETTLE = 0.5
"""Seconds after each pop: the search screen below re-runs its search when shown again."""


async def open_packet(app: Any, probe: DisplayProbe, packet_id: int) -> float:
    """Milliseconds from pushing the packet screen to the first frame showing its summary and notes."""
    screen = RepPacketScreen(packet_id)

    def ready() -> bool:
        return app.screen is screen and screen.view is not None and bool(str(screen.query_one("#notes", Static).content))

    elapsed = await probe.until(ready, lambda: app.push_screen(screen))
    await app.pop_screen()
    await asyncio.sleep(SETTLE)
    return elapsed * 1000


async def open_dashboard(app: Any, probe: DisplayProbe) -> float:
    """Milliseconds from pushing the dashboard to the first frame showing its counts."""
    screen = DashboardScreen()

    def ready() -> bool:
        return app.screen is screen and screen.board is not None and screen.query_one("#bars", OptionList).option_count > 0

    elapsed = await probe.until(ready, lambda: app.push_screen(screen))
    await app.pop_screen()
    await asyncio.sleep(SETTLE)
    return elapsed * 1000


class EmptyScreen(Screen[None]):
    """The floor: a screen with a line of text and the footer, pushed and drawn in the same app."""

    def compose(self) -> ComposeResult:
        yield Static("empty", id="empty")
        yield Footer(compact=True)


async def open_empty(app: Any, probe: DisplayProbe) -> float:
    screen = EmptyScreen()
    elapsed = await probe.until(lambda: app.screen is screen, lambda: app.push_screen(screen))
    await app.pop_screen()
    await asyncio.sleep(SETTLE)
    return elapsed * 1000


async def run(ctx: AppContext) -> None:
    with writing(ctx.engine) as session:
        rep = session.exec(select(Account).where(Account.username == "bench-rep")).first()
        if rep is None:
            rep = Account(username="bench-rep", role="rep", display_name="Bench Rep", email="rep@example.com",
                          created_at=ctx.clock.now())
            session.add(rep)
            session.flush()
    actor = sessions.start(ctx, rep, "benchmark", None)
    app = make_app(ctx, blink=False)
    async with app.run_test(size=(120, 40)):
        app.signed_in(actor)
        print(f"rss_after_start_mib={rss_mib():.1f}")
        await app.push_screen(SearchScreen())
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for query in ("smith", "ng", "garcia maria", "mar"):
            started = time.perf_counter()
            await screen.run_search(query)
            for _ in range(5):
                if screen.results and screen.results.next_cursor:
                    await screen.action_page(1)
            print(f"search_and_5_pages_ms[{query}]={(time.perf_counter() - started) * 1000:.0f}")
        hit = screen.table.selected
        probe = DisplayProbe(app)
        if hit is not None:
            opened = [await open_packet(app, probe, hit.packet_id) for _ in range(OPENS)]
            note(f"open_packet_screen each open: {', '.join(f'{ms:.0f}' for ms in opened)} ms")
            print(f"open_packet_screen_ms={median(opened):.0f}")
        floor = [await open_empty(app, probe) for _ in range(OPENS)]
        note(f"empty screen (the floor) each open: {', '.join(f'{ms:.0f}' for ms in floor)} ms")
        print(f"empty_screen_ms={median(floor):.0f}")
        shown = [await open_dashboard(app, probe) for _ in range(OPENS)]
        note(f"dashboard each open: {', '.join(f'{ms:.0f}' for ms in shown)} ms")
        print(f"dashboard_ms={median(shown):.0f}")
        print(f"rss_after_desk_mib={rss_mib():.1f} goal<150")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="sqlite:///var/bench/big.db")
    parser.add_argument("--schema", default=None)
    args = parser.parse_args()
    home = Path("var/bench")
    settings = Settings.from_env({}, home=home, database_url=args.database_url, key_file=home / "pii.key")
    ctx = AppContext.create(settings, schema=args.schema, fast_hash=True)
    asyncio.run(run(ctx))


if __name__ == "__main__":
    main()
