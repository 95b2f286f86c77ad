"""Search and open-packet latency on a big database made by bench.generate.

    .venv/bin/python -m bench.bench_search --database-url sqlite:///var/bench/big.db
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from core.desk import search
from core.forms.names import compact_key
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.packets import packets
from core.packets.models import Packet, Producer

REP = Actor(account_id=0, role="rep")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def sample_queries(ctx: AppContext, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Realistic queries drawn from rows that exist: every kind the box understands."""
    with reading(ctx.engine) as session:
        total = session.scalar(select(func.max(Producer.id))) or 0
        queries: list[tuple[str, str]] = []
        while len(queries) < count:
            producer = session.get(Producer, rng.randint(1, total))
            packet = session.exec(select(Packet).where(Packet.producer_id == producer.id)).first() if producer else None
            if producer is None or packet is None:
                continue
            last = compact_key(producer.last_name)
            queries += [
                ("name prefix (2 letters)", last[:2]),
                ("name prefix (full last name)", last),
                ("first and last name", f"{producer.first_name} {producer.last_name[:3]}"),
                ("last 4 + name", f"{producer.tin_last4} {last[:4]}"),
                ("packet key", packet.key),
                ("email", producer.email),
                ("phone", producer.business_phone),
                ("NPN", producer.npn or ""),
            ]
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="sqlite:///var/bench/big.db")
    parser.add_argument("--schema", default=None)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    home = Path("var/bench")
    settings = Settings.from_env({}, home=home, database_url=args.database_url, key_file=home / "pii.key")
    ctx = AppContext.create(settings, schema=args.schema, fast_hash=True)
    rng = random.Random(11)
    queries = sample_queries(ctx, rng, args.rounds * 8)
    by_kind: dict[str, list[float]] = {}
    opened: list[float] = []
    for kind, query in queries:
        started = time.perf_counter()
        results = search.find(ctx, REP, query)
        by_kind.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        if results.hits and kind == "packet key":
            started = time.perf_counter()
            packets.load(ctx, REP, results.hits[0].packet_id)
            opened.append((time.perf_counter() - started) * 1000)
    every = [v for values in by_kind.values() for v in values]
    with reading(ctx.engine) as session:
        total = session.scalar(select(func.count()).select_from(Packet))
    print(f"database={ctx.engine.dialect.name} packets={total:,}")
    for kind, values in by_kind.items():
        print(f"search_first_page_ms[{kind}] p50={statistics.median(values):.1f} p95={percentile(values, 0.95):.1f} n={len(values)}")
    print(f"search_first_page_ms[all] p50={statistics.median(every):.1f} p95={percentile(every, 0.95):.1f} goal<=50")
    if opened:
        print(f"open_packet_ms p50={statistics.median(opened):.1f} p95={percentile(opened, 0.95):.1f} goal<=100")


if __name__ == "__main__":
    main()
