"""Concurrent keys: two invitations at the same moment must not crash one of them.

The attack (a busy call center, or a bulk invite): packet keys were "count + 1", so 20 invitations
at once on PostgreSQL gave 1 packet and 19 IntegrityErrors. IFM record numbers (A-0001) and HCSC
packet keys were made the same way. And two first starts on an empty PostgreSQL schema both tried
to create alembic_version: one failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.identity import accounts
from core.kernel.db import head_revisions, make_engine, migrate, reading
from core.packets import accounts as onboarding
from core.packets import invitations
from core.packets.models import Packet
from tests.helpers.attacks import at_once
from tests.helpers.pg_schema import scratch_schema

N = 20
REPO = Path(__file__).resolve().parents[2]


def entry(n: int) -> invitations.RosterEntry:
    return invitations.RosterEntry(first_name=f"Para{n}", last_name="Llel", tin=f"5{n:02d}-4{n % 9 + 1}-12{n + 10:02d}",
                                   email=f"parallel{n}@example.com", states=["TX"])


def test_twenty_invitations_at_once_all_succeed_with_distinct_keys(demo_ctx):
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    results = at_once([lambda n=n: invitations.invite(demo_ctx, admin, entry(n), "bcbs_recontracting")
                       for n in range(N)])
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures[:3]
    keys = {r.packet_key for r in results}
    assert len(keys) == N
    with reading(demo_ctx.engine) as session:
        all_keys = session.exec(select(Packet.key)).all()
    assert len(all_keys) == len(set(all_keys))
    for result in results:  # each code opens its own packet
        assert invitations.open_code(demo_ctx, result.code).packet_id == result.packet_id


def test_twenty_hcsc_invitations_at_once_all_succeed(demo_ctx):
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    results = at_once([lambda n=n: onboarding.invite(demo_ctx, admin, "hcsc_onboarding", f"hcsc.parallel{n}@example.com", ["TX"])
                       for n in range(N)])
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures[:3]
    assert len({r.packet_key for r in results}) == N and len({r.user_id for r in results}) == N


def test_twenty_ifm_applications_at_once_get_distinct_record_numbers(demo_ctx):
    actor = demo_actor(demo_ctx)
    assert actor is not None
    results = at_once([lambda: enrollment.start(demo_ctx, actor) for _ in range(N)])
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, failures[:3]
    assert len({r.key for r in results}) == N


FIRST_START = """
import os, sys, time
from core.kernel.db import make_engine, migrate
from alembic import command  # noqa: F401 - imported before the start signal, as a running app has
url, schema, ready, go = sys.argv[1:5]
engine = make_engine(url, schema=schema or None)
with engine.connect():
    pass
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
migrate(engine)
print("migrated")
"""


def first_starts(tmp_path, url: str, schema: str = "", count: int = 2) -> list[subprocess.CompletedProcess[str]]:
    """`count` processes that each open the database, then migrate at the same signal."""
    go = tmp_path / "go"
    procs = []
    for n in range(count):
        ready = tmp_path / f"ready{n}"
        procs.append((ready, subprocess.Popen([sys.executable, "-c", FIRST_START, url, schema, str(ready), str(go)],
                                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    deadline = time.monotonic() + 60
    while not all(ready.exists() for ready, _ in procs) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    results = []
    for _, proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_two_first_starts_on_an_empty_postgresql_schema_both_migrate(pg_url, tmp_path):
    with scratch_schema(pg_url) as schema:
        results = first_starts(tmp_path, pg_url, schema)
        assert all(r.returncode == 0 and "migrated" in r.stdout for r in results), [r.stderr[-800:] for r in results]
        engine = make_engine(pg_url, schema=schema)
        with engine.connect() as connection:
            applied = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
        engine.dispose()
        assert applied == head_revisions()


def test_two_first_starts_on_an_empty_sqlite_file_both_migrate(tmp_path):
    results = first_starts(tmp_path, f"sqlite:///{tmp_path / 'first.db'}")
    assert all(r.returncode == 0 and "migrated" in r.stdout for r in results), [r.stderr[-800:] for r in results]


def test_two_migrations_in_one_process_wait_for_each_other(tmp_path):
    engines = [make_engine(f"sqlite:///{tmp_path / 'first.db'}") for _ in range(2)]
    try:
        results = at_once([lambda e=e: migrate(e) for e in engines])
        assert not [r for r in results if isinstance(r, BaseException)], results
    finally:
        for engine in engines:
            engine.dispose()
