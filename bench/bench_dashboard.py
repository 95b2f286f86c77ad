"""The dashboard's counts on a big database made by bench.generate: the packet scan it replaced vs summary rows.

    .venv/bin/python -m bench.generate --packets 200000 --database-url sqlite:///var/bench/big.db
    .venv/bin/python -m bench.bench_dashboard --database-url sqlite:///var/bench/big.db
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, func, select

from core.desk import dashboard
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor

REP = Actor(account_id=0, role="rep")
PACKET = dashboard.PACKET


def scan(ctx: AppContext) -> dict[tuple[str, str], tuple[int, tuple[int, ...], int]]:
    """The query the dashboard ran before its summary rows: one GROUP BY over every packet."""
    now = ctx.clock.now()
    bounds = dashboard.settings()["waiting"]["buckets"]
    edges = [now - timedelta(days=d) for d in bounds]
    cutoff = dashboard.business_days_before(now, dashboard.settings()["stuck"]["business_days"])
    updated = PACKET.updated_at
    buckets = [func.sum(case((updated >= edges[0], 1), else_=0))]
    buckets += [func.sum(case((and_(updated < newer, updated >= older), 1), else_=0))
                for newer, older in zip(edges, edges[1:], strict=False)]
    buckets += [func.sum(case((updated < edges[-1], 1), else_=0))]
    stuck = func.sum(case((and_(PACKET.status.in_(dashboard.settings()["stuck"]["statuses"]), updated < cutoff), 1),
                          else_=0))
    query = select(PACKET.program, PACKET.status, func.count(), stuck, *buckets).group_by(PACKET.program, PACKET.status)
    with reading(ctx.engine) as session:
        return {(p, s): (n, tuple(int(w) for w in waiting), int(st)) for p, s, n, st, *waiting in session.execute(query)}


def summary(ctx: AppContext) -> dict[tuple[str, str], tuple[int, tuple[int, ...], int]]:
    board = dashboard.build(ctx, REP)
    return {(row.program_id, row.status): (row.count, row.waiting, row.stuck) for row in board.rows}


def timed(fn: Callable[[AppContext], Any], ctx: AppContext, rounds: int) -> list[float]:
    fn(ctx)  # warm the cache: a rep's second look, not the first read after boot
    values = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn(ctx)
        values.append((time.perf_counter() - started) * 1000)
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="sqlite:///var/bench/big.db")
    parser.add_argument("--schema", default=None)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    home = Path("var/bench")
    settings = Settings.from_env({}, home=home, database_url=args.database_url, key_file=home / "pii.key")
    ctx = AppContext.create(settings, schema=args.schema, fast_hash=True)
    before, after = scan(ctx), summary(ctx)
    total = sum(n for n, _, _ in before.values())
    print(f"database={ctx.engine.dialect.name} packets={total:,} same_counts={before == after}")
    for name, fn in (("scan_before", scan), ("summary_rows_after", summary)):
        values = timed(fn, ctx, args.rounds)
        print(f"dashboard_counts_ms[{name}] p50={statistics.median(values):.1f} max={max(values):.1f} n={len(values)}")


if __name__ == "__main__":
    main()
