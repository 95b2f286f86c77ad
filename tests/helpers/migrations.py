"""A database as it was before one migration: every other branch applied, that one's up to its parent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from core.kernel.db import MIGRATIONS, make_engine
from tests.helpers.pg_schema import scratch_schema


def schema_before(engine: Engine, revision: str) -> None:
    """Every revision but `revision` and those after it (a merge that needs it waits too)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    every = list(script.walk_revisions())

    def after(name: str) -> list[str]:
        """What follows a revision: its children, and what depends on it."""
        return [r.revision for r in every if name in _tuple(r.down_revision) + _tuple(r.dependencies)]

    later, todo = set(), [revision]
    while todo:
        name = todo.pop()
        if name not in later:
            later.add(name)
            todo.extend(after(name))
    before = [r for r in every if r.revision not in later]
    tips = [r.revision for r in before if not set(after(r.revision)) - later]  # nothing after them is applied
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        for tip in tips:
            command.upgrade(config, tip)
        connection.commit()


def _tuple(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return () if value is None else (value,) if isinstance(value, str) else tuple(value)


def upgrade_to(engine: Engine, revision: str) -> None:
    """Apply `revision` (and what it needs) on a database `schema_before` made, and nothing after it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


@contextmanager
def database_before(request: pytest.FixtureRequest, tmp_path: Path, revision: str) -> Iterator[Engine]:
    """An empty database migrated up to just before `revision`: on SQLite, or (a fixture's param "postgres")
    in a PostgreSQL schema of its own, dropped after."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'before.db'}")
        schema_before(engine, revision)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    url = request.getfixturevalue("pg_url")
    with scratch_schema(url) as schema:
        engine = make_engine(url, schema=schema)
        try:
            schema_before(engine, revision)
            yield engine
        finally:
            engine.dispose()


def old_producer(engine: Engine, when: datetime) -> tuple[int, int]:
    """Harriet Stone (IL) and her producer login in a database of an earlier schema: (producer id, account id)."""
    from sqlmodel import Session

    from core.identity.models import Account
    from core.packets.models import Producer

    with Session(engine) as session:
        producer = Producer(first_name="Harriet", last_name="Stone", name_key="stone harriet", tin_enc="x",
                            tin_last4="1234", tin_index="i", email="harriet.stone@example.com", states="IL",
                            created_at=when)
        session.add(producer)
        session.flush()
        account = Account(username="hstone", role="producer", display_name="Harriet Stone", email=producer.email,
                          producer_id=producer.id, created_at=when)
        session.add(account)
        session.commit()
        assert producer.id is not None and account.id is not None
        return producer.id, account.id
