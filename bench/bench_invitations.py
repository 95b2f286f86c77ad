"""Inviting a campaign: N invitations with the production hasher, and what 100,000 would take.

    .venv/bin/python -m bench.bench_invitations                 # 2,000 on SQLite (--quick: 300)
    .venv/bin/python -m bench.bench_invitations --count 100000
    .venv/bin/python -m bench.bench_invitations --database-url postgresql://postgres@127.0.0.1:5432/test

Each invitation is what an admin's invite does: producer, account, packet, code, email, event, one
transaction each. Codes are keyed hashes (HMAC-SHA-256); the production argon2 hash is timed beside
it for what the same campaign cost before (one hash per code).
"""

from __future__ import annotations

import argparse
import time

from bench.common import admin_context, emit, median, note, quick_flag


def main(count: int, database_url: str | None) -> None:
    from core.kernel.hashing import SecretHasher
    from core.packets import invitations

    with admin_context(database_url) as (ctx, actor, _home):  # production hasher, system clock and ids
        times = []
        started = time.perf_counter()
        for n in range(count):
            entry = invitations.RosterEntry(
                first_name=f"Campaign{n}", last_name="Producer", tin=f"{100 + n % 500:03d}-{10 + n % 89:02d}-{1000 + n % 8999:04d}",
                email=f"producer{n}@example.com", states=["TX", "IL"],
            )
            t0 = time.perf_counter()
            invitations.invite(ctx, actor, entry, "bcbs_recontracting")
            times.append((time.perf_counter() - t0) * 1000)
        wall = time.perf_counter() - started
        hasher = SecretHasher(fast=False)
        argon = []
        for _ in range(5):
            t0 = time.perf_counter()
            hasher.hash("ABCDEFGHJK")
            argon.append((time.perf_counter() - t0) * 1000)

    per = wall / count
    note(f"{'PostgreSQL' if database_url else 'SQLite WAL'}; {count} invitations, one transaction each, "
         "production hasher, keyed-hash codes")
    emit("invite_count", count, "invitations")
    emit("invite_median", median(times), "ms", 2)
    emit("invite_rate", count / wall, "per_s")
    emit("invite_100k_projected", per * 100_000 / 60, "min")
    emit("invite_argon2_hash_median", median(argon), "ms")
    emit("invite_100k_argon2_only_before", median(argon) * 100_000 / 1000 / 60, "min")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    main(args.count or (300 if args.quick or quick_flag() else 2000), args.database_url)
