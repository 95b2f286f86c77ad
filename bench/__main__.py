"""`make bench`: every benchmark, each in a fresh process, then a summary table.

    .venv/bin/python -m bench            # full run (about a minute and a half on 2 cores)
    .venv/bin/python -m bench --quick    # fewer repetitions, for a quick look
    .venv/bin/python -m bench --only startup keystroke

Every figure is a `name=value unit` line; lines starting with '#' say how it was measured.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.common import METRIC, REPO, machine_lines

SECTIONS = {
    "startup": ("Cold start (pty 80x24): empty Textual app vs packetdesk", "bench.startup"),
    "keystroke": ("Keystroke to repaint in a form field (in-process)", "bench.keystroke"),
    "pdf": ("PDF packet (bench/bench_pdf.py)", "bench.pdf"),
    "argon2": ("argon2 with the production SecretHasher", "bench.argon2_bench"),
    "db": ("Database on SQLite", "bench.db_bench"),
    "tabs": ("HCSC onboarding tabs: switch and save (in-process)", "bench.bench_tabs"),
    "rating": ("IFM premium recalculation when a plan changes", "bench.bench_rating"),
    "writers": ("20 concurrent writers, one packet and many (SQLite, PostgreSQL)", "bench.bench_writers"),
    "invitations": ("Inviting a campaign (keyed-hash codes)", "bench.bench_invitations"),
    "campaign": ("A campaign of 100,000: roster import, outbox rate, dashboard (--quick: 5,000)", "bench.bench_campaign"),
}

# (label, metric, goal) rows of the summary; a goal is (limit, text) with "lower is better".
SUMMARY: list[tuple[str, str, tuple[float, str] | None]] = [
    ("start wall, empty app (floor)", "startup_empty_wall_median", None),
    ("start wall, packetdesk", "startup_packetdesk_wall_median", None),
    ("start wall ratio", "startup_ratio_wall", (1.3, "<= 1.3x")),
    ("first paint, empty app (floor)", "startup_empty_paint_median", None),
    ("first paint, packetdesk", "startup_packetdesk_paint_median", None),
    ("first paint ratio", "startup_ratio_paint", (1.3, "<= 1.3x")),
    ("start CPU time ratio (load-independent check)", "startup_ratio_cpu", (1.3, "<= 1.3x")),
    ("peak RSS, empty app", "startup_empty_rss_peak", None),
    ("peak RSS, packetdesk", "startup_packetdesk_rss_peak", None),
    ("first run (migrate + demo seed), wall", "startup_packetdesk_first_run_wall", None),
    ("keystroke p50 / p95 / max, empty", "keystroke_empty_p50 keystroke_empty_p95 keystroke_empty_max", None),
    ("keystroke p50 / p95 / max, packetdesk",
     "keystroke_packetdesk_p50 keystroke_packetdesk_p95 keystroke_packetdesk_max", None),
    ("PDF packet median / cold", "pdf_packet_median pdf_packet_cold", None),
    ("argon2 hash / verify median", "argon2_hash_median argon2_verify_median", None),
    ("argon2 peak memory per hash", "argon2_peak_mem_per_hash", None),
    ("save_step median", "db_save_step_median", None),
    ("document_states median", "db_document_states_median", None),
    ("20 writers, SQLite one / many packets", "writers_sqlite_one_packet_saves_per_s writers_sqlite_many_packets_saves_per_s", None),
    ("20 writers, PostgreSQL one / many packets",
     "writers_postgres_one_packet_saves_per_s writers_postgres_many_packets_saves_per_s", None),
    ("silent overwrites, SQLite / PostgreSQL (one packet)",
     "writers_sqlite_one_packet_silent_overwrites writers_postgres_one_packet_silent_overwrites", (0, "= 0")),
    ("invitation median / 100k projected", "invite_median invite_100k_projected", None),
    ("campaign roster import, check + create", "campaign_import_wall", (60.0, "< 60 s at 100,000")),
    ("campaign outbox to local SMTP", "campaign_outbox_rate", None),
    ("campaign dashboard counts median", "campaign_dashboard_summary_median", (50.0, "< 50 ms")),
    ("campaign dashboard headless first paint", "campaign_dashboard_paint", (50.0, "< 50 ms")),
]


def run_section(module: str, quick: bool) -> tuple[dict[str, tuple[str, str]], bool]:
    """Run one section in its own interpreter, echo its lines, keep its figures."""
    argv = [sys.executable, "-m", module] + (["--quick"] if quick else [])
    figures: dict[str, tuple[str, str]] = {}
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        match = METRIC.match(line.strip())
        if match:
            figures[match.group(1)] = (match.group(2), match.group(3))
    return figures, proc.wait() == 0


def summary(figures: dict[str, tuple[str, str]]) -> list[str]:
    rows = []
    for label, names, goal in SUMMARY:
        found = [figures.get(name) for name in names.split()]
        if not any(found):
            continue
        units = {f[1] for f in found if f}
        value = " / ".join(f[0] if f else "?" for f in found) + (f" {units.pop()}" if len(units) == 1 else "")
        verdict = ""
        if goal is not None and found[0] is not None:
            verdict = f"{goal[1]}: {'met' if float(found[0][0]) <= goal[0] else 'NOT MET'}"
        rows.append((label, value, verdict))
    width = max(len(r[0]) for r in rows) if rows else 0
    vwidth = max(len(r[1]) for r in rows) if rows else 0
    return [f"  {label:<{width}}  {value:>{vwidth}}  {verdict}".rstrip() for label, value, verdict in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (figures are rougher)")
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    print(f"Packetdesk benchmarks ({'quick' if args.quick else 'full'} run), "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    for line in machine_lines():
        print(line)
    figures: dict[str, tuple[str, str]] = {}
    failed = []
    for key in args.only or list(SECTIONS):
        title, module = SECTIONS[key]
        print(f"\n== {title}", flush=True)
        section_start = time.perf_counter()
        found, ok = run_section(module, args.quick)
        figures.update(found)
        if not ok:
            failed.append(key)
            print(f"!! {key} failed", flush=True)
        print(f"# {key}: {time.perf_counter() - section_start:.1f} s", flush=True)

    print(f"\n== Summary (medians; whole run {time.perf_counter() - started:.0f} s)")
    for line in summary(figures):
        print(line)
    if failed:
        print(f"FAILED sections: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
