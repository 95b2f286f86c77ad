"""A recontracting campaign at scale (issue 15): roster import, outbox throughput, dashboard.

    .venv/bin/python -m bench.bench_campaign                       # 100,000 producers on SQLite
    .venv/bin/python -m bench.bench_campaign --quick               # 5,000
    .venv/bin/python -m bench.bench_campaign --count 20000 --database-url postgresql://postgres@127.0.0.1:5432/test

- import: a generated roster (made-up names, structurally valid SSNs owned by no one known) is
  checked and every producer created (producer, account, packet, code, queued email, member,
  summary counts), with the production hasher; goal under 60 s for 100,000.
- outbox: the worker sends --messages of the queued invitations to a local SMTP server (aiosmtpd,
  loopback, unpaced: send_per_minute = 0) and the rate is messages per second.
- dashboard: the campaign's summary (what the dashboard's first paint reads) and the first page of
  the list behind a number, medians of 50 runs; goal under 50 ms at 100,000. Then the screen
  itself, headless at 80x24: from pushing it to its counts painted, beside the same measure of an
  empty screen (bench/empty_app.py's Header, Input and Footer: the floor on this machine) and of
  the staff desk's dashboard; `campaign_dashboard_paint_over_floor` is what the screen adds.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import time
from datetime import date
from pathlib import Path

from bench.common import admin_context, emit, median, note, percentile, quick_flag

HEADER = "first_name,last_name,tin,npn,email,business_phone,address1,city,state,postal_code,states,agency\n"
STATES = ["IL", "TX", "OK", "NM", "MT"]


def roster(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(count):
            # Unique and structurally valid: area 512, group 10-98, serial 1000-9999 (9,000 x 89 > 800,000).
            tin = f"512-{10 + (n // 9000) % 89:02d}-{1000 + n % 9000:04d}"
            states = STATES[n % 5] + ("," + STATES[(n + 2) % 5] if n % 3 == 0 else "")
            out.write(f"Bench{n},Producer,{tin},{n + 1},bench{n}@example.com,312-555-{n % 10000:04d},"
                      f"1 Sample Plaza,Chicago,IL,60601,\"{states}\",Agency {n % 40}\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main(count: int, messages: int, database_url: str | None) -> None:
    import dataclasses

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from core.campaigns import dashboard, importing, worker
    from core.campaigns.dashboard import Filter
    from core.kernel.config import SmtpSettings
    from core.notify.worker import WorkerSettings

    with admin_context(database_url) as (ctx, actor, home):  # production hasher, system clock and ids
        path = home / "roster.csv"
        roster(path, count)
        note(f"{count:,} rows, {path.stat().st_size / 1e6:.1f} MB; database {'PostgreSQL' if database_url else 'SQLite'}")
        marks: dict[str, float] = {}

        def checked(done: int, total: int) -> None:
            if done == total:
                marks.setdefault("checked", time.perf_counter())

        started, cpu = time.perf_counter(), time.process_time()
        with path.open(encoding="utf-8") as handle:
            report = importing.import_roster(ctx, actor, "bcbs_recontracting", date(2027, 3, 31), handle,
                                             total=count, checking=checked)
        wall = time.perf_counter() - started
        # This process's CPU time: on a shared machine the wall clock also measures everyone else.
        emit("campaign_import_cpu", time.process_time() - cpu, "s", 1)
        assert report.created == count and not report.bad, report.lines()[:5]
        emit("campaign_import_check", marks.get("checked", started) - started, "s", 2)
        emit("campaign_import_wall", wall, "s", 1)
        emit("campaign_import_rate", count / wall, "rows/s", 0)

        # Importing the same file again: everyone reported, nobody created.
        started = time.perf_counter()
        with path.open(encoding="utf-8") as handle:
            again = importing.import_roster(ctx, actor, "bcbs_recontracting", date(2027, 3, 31), handle)
        assert again.created == 0 and len(again.already_invited) == count
        emit("campaign_reimport_wall", time.perf_counter() - started, "s", 1)

        # Outbox throughput to a local SMTP server.
        controller = Controller(Sink(), hostname="127.0.0.1", port=free_port())
        controller.start()
        try:
            smtp = SmtpSettings(host="127.0.0.1", port=controller.port, sender="bench@example.com")
            sending = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, smtp=smtp))
            fast = WorkerSettings(send_per_minute=0, batch_size=100, max_attempts=5)
            started = time.perf_counter()
            result = worker.send_due(sending, settings=fast, max_batches=max(1, messages // 100))
            wall = time.perf_counter() - started
        finally:
            controller.stop()
        emit("campaign_outbox_rate", result.sent / wall, "msg/s", 0)
        note(f"{result.sent:,} messages in {wall:.1f} s, {result.failed} failed")

        # The dashboard's reads.
        campaign_id = report.campaign_id
        times = []
        for _ in range(50):
            t0 = time.perf_counter()
            dashboard.campaigns(ctx, actor)
            dashboard.summary(ctx, actor, campaign_id)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
        emit("campaign_dashboard_summary_median", median(times), "ms", 2)
        emit("campaign_dashboard_summary_p95", percentile(times, 95), "ms", 2)
        times = []
        for status in ("invited", "sent", None):
            for _ in range(10):
                t0 = time.perf_counter()
                dashboard.members(ctx, actor, campaign_id, Filter(status=status, state="OK"))  # type: ignore[arg-type]
                times.append((time.perf_counter() - t0) * 1000)
        emit("campaign_dashboard_list_median", median(times), "ms", 2)
        paint = asyncio.run(_first_paints(ctx, actor))
        emit("campaign_dashboard_paint", paint["campaign"], "ms", 1)
        # The same harness on an empty screen (bench/empty_app.py's Header, Input and Footer): the floor,
        # what any screen costs here; and on the staff desk's dashboard (Ctrl+B), for comparison.
        emit("campaign_dashboard_paint_floor", paint["empty"], "ms", 1)
        emit("campaign_dashboard_paint_desk", paint["desk"], "ms", 1)
        emit("campaign_dashboard_paint_over_floor", paint["campaign"] - paint["empty"], "ms", 1)


class _EmptyScreen:
    """Built on first use: bench/empty_app.py's widgets as a screen pushed on the same app."""

    @staticmethod
    def make():  # type: ignore[no-untyped-def]
        from textual.screen import Screen
        from textual.widgets import Footer, Header, Input

        class EmptyScreen(Screen[None]):
            ready = True

            def compose(self):  # type: ignore[no-untyped-def]
                yield Header()
                yield Input(placeholder="type here", id="field")
                yield Footer()

        return EmptyScreen()


async def _first_paints(ctx, actor, rounds: int = 8) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Headless 80x24, one app: from pushing a screen to the first refresh after its content is in
    (for the campaign dashboard: its counts; the desk dashboard: its board), median of `rounds`, the
    three kinds interleaved so machine noise hits them alike (the first round, which imports the
    screens' modules, is left out). As the app does at start-up, what exists is frozen out of the
    garbage collector first (the import made millions of objects)."""
    import gc

    from tui.app import make_app
    from tui.campaigns.dashboard import CampaignDashboardScreen
    from tui.desk.dashboard import DashboardScreen

    gc.collect()
    gc.freeze()
    makers = {"campaign": (CampaignDashboardScreen, lambda s: s.summary is not None),
              "desk": (DashboardScreen, lambda s: s.board is not None),
              "empty": (_EmptyScreen.make, lambda s: True)}
    times: dict[str, list[float]] = {name: [] for name in makers}
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.actor = actor
        for n in range(rounds + 1):
            for name, (make, ready) in makers.items():
                t0 = time.perf_counter()
                screen = make()
                await app.push_screen(screen)
                while not ready(screen):
                    await asyncio.sleep(0.0005)
                painted = asyncio.Event()
                screen.call_after_refresh(painted.set)
                await painted.wait()
                if n:
                    times[name].append((time.perf_counter() - t0) * 1000)
                app.pop_screen()
                await pilot.pause()
    return {name: median(values) for name, values in times.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--database-url")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    quick = args.quick or quick_flag()
    main(args.count or (5000 if quick else 100_000), 500 if quick else args.messages, args.database_url)
