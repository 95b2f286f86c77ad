"""Numbered keys (packet keys, enrollment record numbers) from a counter row, not "count + 1".

"count + 1" gave two invitations at the same moment the same key: on PostgreSQL one of them crashed
on the unique index. The counter row is locked by the transaction that takes a number until it commits,
so numbers are unique and, as the transaction either commits or rolls back whole, without gaps.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Field, Session, SQLModel, select

from core.kernel.db import insert_ignore


class KeyCounter(SQLModel, table=True):
    """The last number handed out for one kind of key."""

    __tablename__ = "key_counter"

    name: str = Field(primary_key=True)
    value: int = 0


def next_number(session: Session, name: str, start: Callable[[Session], int], count: int = 1) -> int:
    """The next number of a counter, inside the caller's write transaction.

    Args:
        start: the last number already used when the counter does not exist yet (a database from
            before counters: how many rows it has), read once.
        count: how many numbers to take at once (a campaign's batch); the first is returned.
    """
    query = select(KeyCounter).where(KeyCounter.name == name).with_for_update()
    row = session.exec(query).first()
    if row is None:
        insert_ignore(session, KeyCounter, name=name, value=start(session))
        row = session.exec(query).one()
    row.value += count
    session.add(row)
    session.flush()
    return row.value - count + 1
