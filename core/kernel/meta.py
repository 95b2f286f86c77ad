"""Facts about the database itself, written once: whether the demo seeded it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel

from core.kernel.context import AppContext
from core.kernel.db import reading

DEMO = "demo"


class DatabaseFlag(SQLModel, table=True):
    """One named fact about this database (e.g. "demo": the demo seed filled it)."""

    name: str = Field(primary_key=True)
    value: str = ""
    set_at: datetime


def mark_demo(session: Session, at: datetime) -> None:
    """Called by the demo seed only, in the transaction that fills an empty database."""
    if session.get(DatabaseFlag, DEMO) is None:
        session.add(DatabaseFlag(name=DEMO, value="seeded by core.demo", set_at=at))


def is_demo(ctx: AppContext) -> bool:
    """Whether the demo seed filled this database: the one question behind every demo-only door."""
    with reading(ctx.engine) as session:
        return session.get(DatabaseFlag, DEMO) is not None
