"""Memory of the running app on a big database: sign in as a rep, search, page, open a packet, dashboard.

    .venv/bin/python -m bench.bench_desk_memory --database-url sqlite:///var/bench/big.db
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from pathlib import Path

from sqlmodel import select

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
    async with app.run_test(size=(120, 40)) as pilot:
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
        if hit is not None:
            started = time.perf_counter()
            await app.push_screen(RepPacketScreen(hit.packet_id))
            await pilot.pause()
            print(f"open_packet_screen_ms={(time.perf_counter() - started) * 1000:.0f}")
        started = time.perf_counter()
        await app.push_screen(DashboardScreen())
        board = app.screen
        while getattr(board, "board", None) is None:
            await pilot.pause(0.05)
        print(f"dashboard_ms={(time.perf_counter() - started) * 1000:.0f}")
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
