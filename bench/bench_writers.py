"""Many writers at once: 20 threads saving steps on ONE packet and on DIFFERENT packets (SQLite, PostgreSQL).

    .venv/bin/python -m bench.bench_writers                     # SQLite and PostgreSQL (if reachable)
    .venv/bin/python -m bench.bench_writers --saves 10 --only sqlite

Each writer is a rep with its own login acting for the producer, in its own thread. It loads the
packet, writes a value no one else writes into the Title, and saves with the version it loaded; on a
Conflict it reloads and tries again. Afterwards the acknowledged saves are checked: each must have
been based on the one before it (versions 2, 3, 4... each from the previous), so two acknowledged
saves from the same version, or a final value that is not the last acknowledged one, is a silent
overwrite. Latency is that of save_step calls (saved or refused), in ms.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import emit, note, percentile

PG_URL = os.environ.get("PACKETDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WRITERS = 20


@dataclass
class Tally:
    acked: list[tuple[int, int, int, str]] = field(default_factory=list)
    """(packet id, expected version, new version, value) of every save that returned."""
    conflicts: int = 0
    stale_returns: int = 0
    """Saves whose returned view was not the state that save produced (someone saved in between)."""
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def writer(ctx, actor, packet_id: int, name: str, saves: int, tally: Tally, start: threading.Barrier,  # type: ignore[no-untyped-def]
           base: dict) -> None:
    from core.kernel.errors import Conflict
    from core.packets import packets

    start.wait()
    done = failed = 0
    view = packets.load(ctx, actor, packet_id)
    while done < saves and failed < 20:
        value = f"{name}-{done}"
        values = {**base, "title": value}
        began = time.perf_counter()
        try:
            saved = packets.save_step(ctx, actor, packet_id, "interview", values, view.version)
        except Conflict:
            with tally.lock:
                tally.conflicts += 1
                tally.latencies.append((time.perf_counter() - began) * 1000)
            view = packets.load(ctx, actor, packet_id)
            continue
        except Exception as exc:  # counted and shown: the figure must include them
            failed += 1
            with tally.lock:
                tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            view = packets.load(ctx, actor, packet_id)
            continue
        with tally.lock:
            tally.latencies.append((time.perf_counter() - began) * 1000)
            # save_step writes version = expected + 1; the view it returns may already hold a later save.
            tally.acked.append((packet_id, view.version, view.version + 1, value))
            if saved.version != view.version + 1:
                tally.stale_returns += 1
        view = saved
        done += 1


def silent_overwrites(ctx, tally: Tally, actor) -> int:  # type: ignore[no-untyped-def]
    """Acknowledged saves lost without a Conflict: a broken version chain or a wrong final value."""
    from core.packets import packets

    lost = 0
    by_packet: dict[int, list[tuple[int, int, str]]] = {}
    for packet_id, expected, new, value in tally.acked:
        by_packet.setdefault(packet_id, []).append((expected, new, value))
    for packet_id, acks in by_packet.items():
        acks.sort(key=lambda a: a[1])
        bases = [a[0] for a in acks]
        lost += len(bases) - len(set(bases))  # two saves from the same version: one overwrote the other
        lost += sum(1 for a, b in zip(acks, acks[1:], strict=False) if b[0] != a[1])
        final = packets.load(ctx, actor, packet_id).answers["interview"]["title"]
        lost += final != acks[-1][2]
    return lost


def scenario(ctx, actors, packet_ids: list[int], saves: int, label: str, base: dict) -> None:  # type: ignore[no-untyped-def]
    tally = Tally()
    start = threading.Barrier(len(actors) + 1)
    threads = [
        threading.Thread(target=writer, args=(ctx, actor, packet_ids[i % len(packet_ids)], f"w{i}", saves, tally, start, base))
        for i, actor in enumerate(actors)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    lost = silent_overwrites(ctx, tally, actors[0])
    emit(f"writers_{label}_saves", len(tally.acked), "saves")
    emit(f"writers_{label}_saves_per_s", len(tally.acked) / wall, "per_s")
    emit(f"writers_{label}_conflicts", tally.conflicts, "caught")
    emit(f"writers_{label}_silent_overwrites", lost, "lost")
    emit(f"writers_{label}_errors", len(tally.errors), "errors")
    emit(f"writers_{label}_returned_later_state", tally.stale_returns, "saves")
    emit(f"writers_{label}_p50", percentile(tally.latencies, 50), "ms")
    emit(f"writers_{label}_p95", percentile(tally.latencies, 95), "ms")
    for error in sorted(set(tally.errors))[:3]:
        note(f"{label} error: {error}")


def run(database: str, saves: int) -> None:
    from sqlalchemy import create_engine, text

    from core import demo
    from core.desk import assist
    from core.identity import accounts
    from core.kernel.context import AppContext
    from core.kernel.db import writing
    from core.packets import invitations, packets

    with tempfile.TemporaryDirectory(prefix="packetdesk-bench-") as tmp:
        schema = None
        url = None
        if database == "postgres":
            schema = f"pd_bench_{uuid.uuid4().hex[:8]}"
            url = PG_URL
            with create_engine(PG_URL).begin() as connection:
                connection.execute(text(f"CREATE SCHEMA {schema}"))
        ctx = AppContext.for_tests(Path(tmp), database_url=url, schema=schema)
        try:
            demo.seed(ctx)
            admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
            hashed = ctx.hasher.hash("Writer#2026x")
            with writing(ctx.engine) as session:
                for n in range(WRITERS):
                    row = accounts.create_account(ctx, session, username=f"writer{n}", role="rep",
                                                  display_name=f"Writer {n}", email=f"writer{n}@example.com")
                    row.password_hash = hashed
            reps = [accounts.staff_login(ctx, f"writer{n}", "Writer#2026x").actor for n in range(WRITERS)]
            packet_ids = []
            for n in range(WRITERS):
                entry = invitations.RosterEntry(first_name=f"Load{n}", last_name="Tester",
                                                tin=f"5{n:02d}-4{n % 9 + 1}-12{n + 10:02d}",
                                                email=f"load{n}@example.com", states=["TX"])
                packet_ids.append(invitations.invite(ctx, admin, entry, "bcbs_recontracting").packet_id)
            acting = [assist.for_producer(rep, packets.load(ctx, rep, packet_ids[i])) for i, rep in enumerate(reps)]
            one = [assist.for_producer(rep, packets.load(ctx, rep, packet_ids[0])) for rep in reps]
            # A complete interview (the demo's), so every save passes its checks; read-only fields stay the roster's.
            opened = invitations.open_code(ctx, "DEMOTX-TEXAS2026")
            base = packets.load(ctx, admin, opened.packet_id).answers["interview"]
            note(f"{database}: {WRITERS} writers x {saves} acknowledged saves each")
            scenario(ctx, one, packet_ids[:1], saves, f"{database}_one_packet", base)
            scenario(ctx, acting, packet_ids, saves, f"{database}_many_packets", base)
        finally:
            ctx.engine.dispose()
            if schema:
                with create_engine(PG_URL).begin() as connection:
                    connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10, help="acknowledged saves per writer")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    saves = 3 if args.quick else args.saves
    for database in ([args.only] if args.only else ["sqlite", "postgres"]):
        if database == "postgres" and not pg_reachable():
            note(f"PostgreSQL at {PG_URL} not reachable: skipped")
            continue
        run(database, saves)


def pg_reachable() -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # any failure to connect means "skip it"
        return False


if __name__ == "__main__":
    main()
