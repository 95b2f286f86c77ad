"""Packets per program and status, how long they have waited, what is stuck, and the lists behind them.

The counts come from summary rows the writes keep (core.packets.counts), never from a scan of packets.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import case, func, select, tuple_

from core.desk.search import Hit
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.packets.models import Packet, PacketCount, Producer
from core.packets.program import programs

STAFF_ROLES = ("rep", "reviewer", "admin")

# Typed column collections: the models' attributes are typed as values, not columns.
PACKET = Packet.__table__.c  # type: ignore[attr-defined]
PRODUCER_TABLE = Producer.__table__  # type: ignore[attr-defined]
PRODUCER = PRODUCER_TABLE.c
COUNT = PacketCount.__table__.c  # type: ignore[attr-defined]


@cache
def settings() -> dict[str, Any]:
    return tomllib.loads((DATA_DIR / "desk.toml").read_text(encoding="utf-8"))


def business_days_before(when: datetime, days: int) -> datetime:
    """The moment `days` business days (Monday to Friday) before `when`."""
    moment = when
    while days > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


@dataclass(frozen=True)
class StatusCount:
    program_id: str
    program: str
    status: str
    label: str
    count: int
    waiting: tuple[int, ...]
    """Counts per waiting bucket (see bucket_labels)."""
    stuck: int


@dataclass(frozen=True)
class Dashboard:
    rows: list[StatusCount]
    bucket_labels: tuple[str, ...]
    stuck_days: int

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def _bucket_labels(bounds: list[int]) -> tuple[str, ...]:
    labels = [f"< {bounds[0]} d"]
    labels += [f"{low}-{high} d" for low, high in zip(bounds, bounds[1:], strict=False)]
    return (*labels, f"> {bounds[-1]} d")


def _on_its_day(session: Any, edge: datetime) -> dict[tuple[str, str], int]:
    """Per program and status, the packets last active on `edge`'s day on the smaller side of `edge`.

    Before `edge` when it falls in the morning, from `edge` on in the afternoon (the caller takes
    those from the day's summary count): a day of bulk writes (a campaign import) is read by the
    index on the time of last activity only up to the nearer end of the day.
    """
    start = datetime.combine(edge.date(), time(), tzinfo=UTC)
    window = (PACKET.updated_at >= start, PACKET.updated_at < edge) if _morning(edge) else \
        (PACKET.updated_at >= edge, PACKET.updated_at < start + timedelta(days=1))
    query = select(PACKET.program, PACKET.status, func.count()).where(*window).group_by(PACKET.program, PACKET.status)
    return {(program, status): n for program, status, n in session.execute(query)}


def _morning(moment: datetime) -> bool:
    return moment.hour < 12


def counts(ctx: AppContext, edges: list[datetime]) -> dict[tuple[str, str], tuple[int, list[int]]]:
    """Per program and status: how many packets, and how many were last active before each edge.

    Adds up the summary rows (one per program, status and day); only part of the days the edges
    fall on is read from packets (see _on_its_day), through the index on the time of last activity.
    """
    moments = [as_utc(edge) for edge in edges]
    before_day = [func.sum(case((COUNT.day < moment.date(), COUNT.count), else_=0)) for moment in moments]
    on_day = [func.sum(case((COUNT.day == moment.date(), COUNT.count), else_=0)) for moment in moments]
    query = (select(COUNT.program, COUNT.status, func.sum(COUNT.count), *before_day, *on_day)
             .group_by(COUNT.program, COUNT.status))
    totals: dict[tuple[str, str], int] = {}
    older: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(moments))
    with reading(ctx.engine) as session:
        for program, status, total, *sums in session.execute(query):
            before, whole_day = sums[:len(moments)], sums[len(moments):]
            totals[program, status] = int(total or 0)
            older[program, status] = [int(n or 0) + (0 if _morning(moment) else int(day or 0))
                                      for n, day, moment in zip(before, whole_day, moments, strict=True)]
        for i, moment in enumerate(moments):
            sign = 1 if _morning(moment) else -1
            for pair, n in _on_its_day(session, moment).items():
                older[pair][i] += sign * n
    return {pair: (total, older[pair]) for pair, total in totals.items() if total}


def build(ctx: AppContext, actor: Any) -> Dashboard:
    if actor.role not in STAFF_ROLES:
        raise NotAllowed("The dashboard is for the service center and the home office.")
    now = ctx.clock.now()
    bounds = settings()["waiting"]["buckets"]
    stuck_days = settings()["stuck"]["business_days"]
    stuck_statuses = settings()["stuck"]["statuses"]
    edges = [now - timedelta(days=d) for d in bounds]
    counted = counts(ctx, [*edges, business_days_before(now, stuck_days)])
    declared = programs()
    rows = []
    for (program_id, status), (count, older) in counted.items():
        if program_id not in declared:
            continue  # clients' applications are not contracting packets
        *before_edges, before_cutoff = older
        steps = [count, *before_edges]
        waiting = (*(newer - old for newer, old in zip(steps, steps[1:], strict=False)), before_edges[-1])
        stuck = before_cutoff if status in stuck_statuses else 0
        program = declared.get(program_id)
        title = program.title if program else program_id
        order = list(program.statuses).index(status) if program and status in program.statuses else 99
        label = program.statuses.get(status, status) if program else status
        rows.append((title, order, StatusCount(program_id, title, status, label, count, waiting, stuck)))
    rows.sort(key=lambda item: (item[0], item[1]))
    return Dashboard([row for *_, row in rows], _bucket_labels(bounds), stuck_days)


def packets_in(
    ctx: AppContext, actor: Any, program_id: str, status: str | None = None, *, stuck: bool = False,
    after: tuple[datetime, int] | None = None, limit: int = 20,
) -> list[Hit]:
    """The list behind a dashboard entry, longest waiting first, a page at a time."""
    if actor.role not in STAFF_ROLES:
        raise NotAllowed("The dashboard is for the service center and the home office.")
    now = ctx.clock.now()
    query = (
        select(PACKET.id, PACKET.key, PACKET.program, PACKET.status, PACKET.updated_at, PRODUCER.id.label("producer_id"),
               PRODUCER.first_name, PRODUCER.last_name)
        .join(PRODUCER_TABLE, PRODUCER.id == PACKET.producer_id)
        .where(PACKET.program == program_id)
    )
    if status:
        query = query.where(PACKET.status == status)
    if stuck:
        query = query.where(PACKET.status.in_(settings()["stuck"]["statuses"]),
                            PACKET.updated_at < business_days_before(now, settings()["stuck"]["business_days"]))
    if after is not None:
        query = query.where(tuple_(PACKET.updated_at, PACKET.id) > tuple_(*after))
    query = query.order_by(PACKET.updated_at, PACKET.id).limit(limit)
    declared = programs()
    with reading(ctx.engine) as session:
        rows = session.execute(query).all()
    hits = []
    for row in rows:
        program = declared.get(row.program)
        hits.append(Hit(
            packet_id=row.id, key=row.key, producer_name=f"{row.first_name} {row.last_name}",
            program=program.title if program else row.program,
            status=program.statuses.get(row.status, row.status) if program else row.status,
            last_activity=as_utc(row.updated_at), waiting=now - as_utc(row.updated_at),
            cursor=(row.updated_at.isoformat(), row.producer_id, row.id),
        ))
    return hits
