"""Keep PacketCount (packets per program, status and day of last activity) in step with every packet write.

A flush that adds, changes or deletes a packet moves its count from the old (program, status, day)
to the new one in the same transaction, so the dashboard never scans packets to count them.
Writers that bypass the ORM (bulk loads) call refill().
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.kernel.clock import as_utc
from core.packets.models import Packet, PacketCount

PACKET = Packet.__table__.c  # type: ignore[attr-defined]
COUNT_TABLE = PacketCount.__table__  # type: ignore[attr-defined]
COUNTED = ("program", "status", "updated_at")
Key = tuple[str, str, date]


def day_of(moment: datetime) -> date:
    return as_utc(moment).date()


def _key(program: str, status: str, updated_at: datetime) -> Key:
    return (program, status, day_of(updated_at))


def _stored(connection: Connection, packet_id: int) -> Key | None:
    # FOR UPDATE (PostgreSQL): a concurrent change to this packet commits first and is the one read.
    row = connection.execute(
        select(PACKET.program, PACKET.status, PACKET.updated_at).where(PACKET.id == packet_id).with_for_update()
    ).first()
    return _key(*row) if row is not None else None


def _changed(packet: Packet) -> bool:
    state = inspect(packet)
    return any(state.attrs[name].history.has_changes() for name in COUNTED)


@event.listens_for(Session, "before_flush")
def _count_packet_writes(session: Session, _context: Any, _instances: Any) -> None:
    deltas: Counter[Key] = Counter()
    connection: Connection | None = None
    for obj in session.new:
        if isinstance(obj, Packet):
            deltas[_key(obj.program, obj.status, obj.updated_at)] += 1
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, Packet) or obj.id is None:
            continue
        deleted = obj in session.deleted
        if not deleted and not _changed(obj):
            continue
        connection = connection or session.connection()
        before = _stored(connection, obj.id)  # the row as it is before this flush writes it
        if before is not None:
            deltas[before] -= 1
        if not deleted:
            deltas[_key(obj.program, obj.status, obj.updated_at)] += 1
    changes = {key: n for key, n in deltas.items() if n}
    if changes:
        add(connection or session.connection(), changes)


def add(connection: Connection, changes: dict[Key, int]) -> None:
    """Add each change to its row (created at that count when new), atomically on both databases."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    for (program, status, day), n in sorted(changes.items()):  # one order: concurrent writers never deadlock
        statement = upsert(COUNT_TABLE).values(program=program, status=status, day=day, count=n)
        connection.execute(statement.on_conflict_do_update(
            index_elements=["program", "status", "day"], set_={"count": COUNT_TABLE.c.count + n},
        ))


def day_expression(connection: Connection) -> Any:
    """The UTC day of a packet's last activity, computed in the database."""
    if connection.dialect.name == "postgresql":
        return func.date(func.timezone("UTC", PACKET.updated_at))
    return func.date(PACKET.updated_at)


def refill(connection: Connection) -> None:
    """Count every packet again (after a bulk load that bypassed the ORM, and in the migration)."""
    day = day_expression(connection)
    connection.execute(delete(COUNT_TABLE))
    connection.execute(insert(COUNT_TABLE).from_select(
        ["program", "status", "day", "count"],
        select(PACKET.program, PACKET.status, day, func.count()).group_by(PACKET.program, PACKET.status, day),
    ))
