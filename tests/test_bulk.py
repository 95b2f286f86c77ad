"""core.kernel.bulk: the bulk insert path a campaign import uses (executemany on SQLite, COPY on PostgreSQL)."""

import pytest
from sqlmodel import select

from core.kernel.bulk import insert_rows, new_ids
from core.kernel.counters import KeyCounter
from core.kernel.db import reading, writing
from core.kernel.events import Event


def test_rows_go_in_with_reserved_ids_and_declared_defaults(ctx):
    with writing(ctx.engine) as session:
        ids = new_ids(session, Event, 3)
        insert_rows(session, Event, [{"id": n, "kind": "bulk test", "detail": f"row {n}", "at": ctx.clock.now()}
                                     for n in ids])
    assert ids == list(range(ids[0], ids[0] + 3))
    with writing(ctx.engine) as session:
        after = new_ids(session, Event, 1)
    assert after[0] > ids[-1]  # the reserved ids are used up: the next batch starts after them
    with reading(ctx.engine) as session:
        rows = session.exec(select(Event).where(Event.kind == "bulk test").order_by(Event.id)).all()
    assert [(r.id, r.detail, r.packet_id) for r in rows] == [(n, f"row {n}", None) for n in ids]


def test_a_refused_bulk_insert_names_no_value(ctx):
    """A duplicate key: the error must not quote the value (PostgreSQL's DETAIL would, on COPY too)."""
    with pytest.raises(Exception) as refused:  # noqa: B017  (each database raises its own type)
        with writing(ctx.engine) as session:
            insert_rows(session, KeyCounter, [{"name": "O'Neil-1234-secret", "value": 1},
                                              {"name": "O'Neil-1234-secret", "value": 2}])
    assert "secret" not in str(refused.value) and "1234" not in str(refused.value)


def test_a_bulk_row_and_an_orm_row_of_the_same_moment_compare_equal_in_sql(ctx):
    """SQLite keeps times as text: a bulk row must store them as SQLAlchemy does, or a bulk-imported packet
    sorts before one written a moment earlier (the desk list put the demo agency's packet out of order)."""
    from datetime import timedelta

    from sqlalchemy import func

    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        session.add(Event(kind="orm row", detail="", at=now))
        session.flush()
        [bulk_id] = new_ids(session, Event, 1)
        insert_rows(session, Event, [{"id": bulk_id, "kind": "bulk row", "detail": "", "at": now}])
    with reading(ctx.engine) as session:
        same = session.exec(select(func.count()).select_from(Event).where(Event.at == now)).one()
        later = session.exec(select(func.count()).select_from(Event)
                             .where(Event.kind.in_(["orm row", "bulk row"]), Event.at < now + timedelta(microseconds=1))).one()
    assert same >= 2 and later == 2
