"""A producer's Incomplete Applications in a database that holds many other producers' applications.

`python -m bench.bench_records [--others N]` (default 20,000): the demo producer's list (records.listing),
median of 5, with N applications of another producer beside theirs. The list narrows to the producers its
scope reaches in the query, so the others cost almost nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from core import demo
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import migrate
from core.packets import records
from core.packets.models import Packet, Producer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--others", type=int, default=20_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-records-"))
    settings = Settings.from_env({}, home=home, database_url=f"sqlite:///{home}/records.db", key_file=home / "pii.key")
    ctx = AppContext.create(settings, fast_hash=True)
    migrate(ctx.engine)
    demo.seed(ctx)
    actor = demo.demo_actor(ctx)
    assert actor is not None
    now = ctx.clock.now()
    with Session(ctx.engine) as session:
        other = Producer(first_name="Other", last_name="Person", name_key="person other", tin_enc="x", tin_last4="0000",
                         tin_index="idx", email="o@example.com", states="IL", created_at=now)
        session.add(other)
        session.flush()
        assert other.id is not None
        for i in range(args.others):
            session.add(Packet(key=f"B-{i:06d}", program="ifm_enrollment", producer_id=other.id, status="incomplete",
                               current_step="general", answers_json='{"general": {"state": "IL"}}', created_at=now,
                               updated_at=now))
        session.commit()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        shown = records.listing(ctx, actor, "incomplete", program="ifm_enrollment")
        times.append((time.perf_counter() - start) * 1000)
    print(f"# records: {args.others} other applications, {len(shown)} of the producer's shown")
    print(f"records_list_median={statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
