"""Inserting many rows in the caller's write transaction: ids taken in one statement, rows in one pass.

A campaign creates 100,000 producers, each with an account, a packet, a code, a message and an
event. Multi-row INSERT ... RETURNING made each batch one huge statement that the PostgreSQL driver
re-parses in Python; here ids are reserved first, then SQLite gets one executemany (its C loop) and
PostgreSQL one COPY, the bulk path it is built for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from core.kernel.db import scrub_message


class BulkInsertFailed(RuntimeError):
    """A bulk insert the database refused; the message names no value (a duplicate's DETAIL is dropped)."""


def table_of(model: Any) -> Table:
    return model if isinstance(model, Table) else model.__table__  # type: ignore[no-any-return]


def new_ids(session: Session, model: Any, count: int) -> list[int]:
    """`count` primary keys for new rows of the model's table, ascending, inside the caller's write transaction.

    SQLite: the transaction began IMMEDIATE (core.kernel.db.writing), so no other writer adds rows before
    it commits and the next ids are the largest plus one onwards (what SQLite itself would give).
    PostgreSQL: taken from the column's sequence in one statement, so concurrent writers never collide.
    """
    if count <= 0:
        return []
    table = table_of(model)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        last = connection.execute(select(func.max(table.c.id))).scalar() or 0
        return list(range(last + 1, last + 1 + count))
    sequence = connection.execute(text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}).scalar()
    taken = connection.execute(text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
                               {"sequence": sequence, "count": count}).scalars().all()
    return sorted(int(n) for n in taken)


def insert_rows(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert the rows (dicts of the same column names; a column none gives takes its declared default)."""
    if not rows:
        return
    table = table_of(model)
    connection = session.connection()
    names, values = _prepared(connection, table, rows)
    columns = ", ".join(f'"{name}"' for name in names)
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        assert raw is not None
        try:
            with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in values:
                    copy.write_row(row)
        except Exception as error:  # the driver's own error, which SQLAlchemy's scrubbing never sees
            raise BulkInsertFailed(f"COPY into {table.name}: {scrub_message(str(error))}") from None
    else:
        marks = ", ".join("?" for _ in names)
        connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', list(values))


def _prepared(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The column names, and each row's values as the driver takes them: defaults filled and every column
    type's bind processing done (UTCDateTime refuses a naive time), as SQLAlchemy would for one INSERT.
    The dialect's own type does the last step: SQLite stores times as text, and a time the driver
    formatted itself ("...+00:00") would sort before the same moment written by SQLAlchemy (".000000")."""
    defaults = _defaults(table, set(rows[0]))
    names = [c.name for c in table.columns if c.name in rows[0] or c.name in defaults]
    processors = [(index, process) for index, name in enumerate(names)
                  if (process := table.c[name].type.dialect_impl(connection.dialect).bind_processor(connection.dialect))
                  is not None]

    done: dict[tuple[int, Any], Any] = {}
    """Processed values by column and value: a batch repeats the same moment in every row."""

    def values() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            merged = [row[name] if name in row else defaults[name] for name in names]
            for index, process in processors:
                value = merged[index]
                key = (index, value)
                if key not in done:
                    done[key] = process(value)
                merged[index] = done[key]
            yield tuple(merged)

    return names, values()


def _defaults(table: Table, given: set[str]) -> dict[str, Any]:
    """The declared scalar default of every column the rows do not give (NULL or the server's default left out)."""
    filled: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or (column.primary_key and column.autoincrement in (True, "auto")):
            continue
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            filled[column.name] = default.arg  # type: ignore[attr-defined]
        elif default is None and (column.nullable or column.server_default is not None):
            continue
        else:
            raise ValueError(f"{table.name}.{column.name}: no value and no plain default for a bulk insert")
    return filled


def refresh_statistics(engine: Engine, models: Sequence[Any]) -> None:
    """PostgreSQL: ANALYZE tables a bulk load has grown. Until autovacuum gets to it the planner still
    believes them nearly empty and scans them whole for `IN (...)` lookups (a re-import of 100,000 took
    a minute). SQLite keeps no statistics unless asked, and its plans here do not need them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for model in models:
            connection.exec_driver_sql(f'ANALYZE "{table_of(model).name}"')
