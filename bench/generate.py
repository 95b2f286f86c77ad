"""Fill a database with realistic made-up packets, producers and events, fast (bulk inserts, COPY on PostgreSQL).

    .venv/bin/python -m bench.generate --packets 1000000 --database-url sqlite:///var/bench/big.db
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from core.forms.names import name_keys
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.events import Event
from core.packets import counts
from core.packets.models import Packet, Producer
from core.packets.program import programs

FIRST = ["Marisol", "José", "Wei", "Harriet", "Dana", "Priya", "Liam", "Noah", "Olivia", "Emma", "Ava", "Sofía",
         "Mateo", "Chloé", "Zoë", "Björn", "Aoife", "Siobhán", "Nguyễn", "Thảo", "Ahmed", "Fatima", "Kwame", "Yuki",
         "Hana", "Ji-woo", "Seo-yeon", "Mary", "John", "James", "Linda", "Robert", "Patricia", "Michael", "Barbara"]
LAST = ["O'Neil", "Nguyễn", "李", "Stone", "Whitfield-Ruiz", "Ramanathan", "Smith", "Johnson", "Williams", "Brown",
        "García", "Martínez", "Hernández", "López", "González", "Müller", "D'Angelo", "McAllister", "O'Brien",
        "St. James", "Van der Berg", "Kowalski", "Nakamura", "Tanaka", "Kim", "Park", "Okafor", "Mensah", "Dubois",
        "Lefèvre", "Østergaard", "Poppins", "Lee", "Patel", "Shah", "Cohen", "Levi", "Rossi", "Bianchi", "Ferrari"]
STATES = ["IL", "MT", "NM", "OK", "TX"]
EVENTS = ["producer invited", "temporary password sent", "login", "step saved", "consent accepted", "document signed",
          "packet sent", "packet countersigned"]


def _valid_ssn(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def producers_and_packets(ctx: AppContext, count: int, seed: int) -> tuple[list[dict], list[dict], list[dict]]:
    rng = random.Random(seed)
    now = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    progs = list(programs().values())
    producers, packets, events = [], [], []
    for n in range(1, count + 1):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{'' if n % 7 else '-' + rng.choice(LAST)}"
        ssn = _valid_ssn(rng)
        born = datetime(1950, 1, 1) + timedelta(days=rng.randint(0, 18000))
        key, alt = name_keys(first, last)
        email = f"{key.replace(' ', '.')}.{n}@example.com".encode("ascii", "ignore").decode()
        phone = f"{rng.choice([217, 312, 406, 505, 405, 918, 512, 214])}555{n % 10000:04d}"
        created = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
        producers.append(dict(
            id=n, first_name=first, middle_name="", last_name=last, name_key=key, name_alt=alt, tin_kind="SSN",
            tin_enc=ctx.cipher.encrypt(ssn), tin_last4=ssn[-4:], tin_index=ctx.cipher.blind_index(ssn),
            birth_date_enc=ctx.cipher.encrypt(born.date().isoformat()), birth_index=ctx.cipher.blind_index(born.date().isoformat()),
            npn=str(10_000_000 + n), email=email, email_key=email.lower(), title="", address1=f"{n} Main St", address2="",
            city="Springfield", state=rng.choice(STATES), postal_code="62704", business_phone=phone, phone_key=phone,
            business_ext="", resident_phone="", states=",".join(rng.sample(STATES, rng.randint(1, 3))), created_at=created,
        ))
        program = progs[n % len(progs)]
        status = rng.choice(list(program.statuses))
        updated = created + timedelta(days=rng.randint(0, 30))
        packets.append(dict(
            id=n, key=program.key_prefix,
            program=program.id, producer_id=n, account_id=None, status=status, version=1,
            current_step=program.steps[0].id, answers_json="{}", created_at=created, updated_at=min(updated, now),
            submitted_at=updated if status not in ("invited", "in_progress") else None,
        ))
        for index in range(rng.randint(2, 4)):
            events.append(dict(packet_id=n, kind=EVENTS[min(index, len(EVENTS) - 1)], detail="", at=created + timedelta(hours=index)))
    return producers, packets, events


def unique_keys(packets: list[dict]) -> None:
    """Packet keys are unique: number them by id, as the app does."""
    for row in packets:
        row["key"] = f"{row['key']}-{row['created_at']:%y%m}-{row['id']:07d}"


def load(ctx: AppContext, count: int, batch: int, seed: int) -> dict[str, float]:
    started = time.perf_counter()
    totals = {"producers": 0, "packets": 0, "events": 0}
    for start in range(0, count, batch):
        size = min(batch, count - start)
        producers, packets, events = producers_and_packets(ctx, size, seed + start)
        for rows in (producers, packets):
            for row in rows:
                row["id"] += start
        for row in packets:
            row["producer_id"] += start
        for row in events:
            row["packet_id"] += start
        unique_keys(packets)
        with ctx.engine.begin() as connection:
            connection.execute(insert(Producer), producers)
            connection.execute(insert(Packet), packets)
            connection.execute(insert(Event), events)
        totals["producers"] += len(producers)
        totals["packets"] += len(packets)
        totals["events"] += len(events)
        print(f"  {start + size:>9,} packets ({time.perf_counter() - started:.0f} s)", flush=True)
    with ctx.engine.begin() as connection:
        counts.refill(connection)  # the bulk inserts bypassed the flush hook that keeps the dashboard's counts
        connection.execute(text("ANALYZE"))
    return {**totals, "seconds": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packets", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="sqlite:///var/bench/big.db")
    parser.add_argument("--schema", default=None, help="PostgreSQL schema to create and fill")
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    home = Path("var/bench")
    home.mkdir(parents=True, exist_ok=True)
    if args.schema:
        from sqlalchemy import create_engine

        admin = create_engine(args.database_url.replace("postgresql://", "postgresql+psycopg://"))
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {args.schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {args.schema}"))
    settings = Settings.from_env({}, home=home, database_url=args.database_url, key_file=home / "pii.key")
    ctx = AppContext.create(settings, schema=args.schema, fast_hash=True)
    figures = load(ctx, args.packets, args.batch, args.seed)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
