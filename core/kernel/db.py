"""Engine factory, per-connection settings, short write transactions, migrations on start."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlmodel import Session

from core.kernel.files import private_sqlite

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str) -> str:
    # SQLAlchemy 2.1 would pick psycopg 3 anyway; say so, as the engineering notes advise.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Build an engine for a URL; never at import time."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            private_sqlite(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True)
        _configure_sqlite(engine)
    else:
        connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
        engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True, hide_parameters=True)
    _scrub_errors(engine)
    return engine


QUOTED_VALUE = re.compile(r'(:\s*)"[^"\n]*"\s*$', re.MULTILINE)
KEY_VALUE = re.compile(r"=\(.*?\)(?= |$)", re.MULTILINE)


def scrub_message(text: str) -> str:
    """A database error's message without the values it quotes (PostgreSQL's DETAIL names the duplicate)."""
    kept = [line for line in text.splitlines() if not line.lstrip().startswith(("DETAIL:", "CONTEXT:", "LINE "))]
    return KEY_VALUE.sub("=(…)", QUOTED_VALUE.sub(r'\1"…"', "\n".join(kept)))


def _scrub_errors(engine: Engine) -> None:
    """Errors reaching a screen, a log or a traceback carry no parameters and no quoted values (PII)."""

    @event.listens_for(engine, "handle_error")
    def on_error(context):  # type: ignore[no-untyped-def]
        original = context.original_exception
        try:
            original.args = (scrub_message(str(original)),)
        except (AttributeError, TypeError):  # an exception type with read-only args keeps them
            return
        wrapped = context.sqlalchemy_exception
        if wrapped is not None:
            wrapped.args = (f"({type(original).__module__}.{type(original).__name__}) {original.args[0]}",)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=10000",
            "synchronous=NORMAL",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):  # type: ignore[no-untyped-def]
        # A write that reads first fails at once under plain BEGIN when another writer got in.
        mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A short write transaction (BEGIN IMMEDIATE on SQLite); commits on success."""
    with _in_process_writer(engine):
        with Session(engine.execution_options(write=True), expire_on_commit=False) as session:
            with session.begin():
                yield session


_WRITERS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def _in_process_writer(engine: Engine) -> threading.RLock | nullcontext[None]:
    """SQLite: threads of one process take turns here rather than in SQLite's busy handler, which
    sleeps up to 100 ms between tries (20 writers: p95 0.2-0.5 s). Other processes still wait in it."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _WRITERS_LOCK:
        lock = _WRITERS.get(engine)
        if lock is None:
            lock = _WRITERS[engine] = threading.RLock()
    return lock


def insert_ignore(session: Session, model: Any, **values: Any) -> None:
    """INSERT a row unless its key exists (two first attempts at once must not collide), on both databases."""
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(model).values(**values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(model).values(**values).on_conflict_do_nothing())


REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
DEPENDS_ON = re.compile(r"^depends_on(?:\s*:[^=]*)?\s*=\s*(\([^)]*\)|['\"][^'\"]+['\"])", re.MULTILINE)
"""What a revision depends on: a head it depends on is no longer one (Alembic keeps only the dependent)."""


def head_revisions() -> set[str]:
    """The newest revision of every branch, read from the files (importing Alembic costs 170 ms)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = REVISION.search(text)
        if found:
            revisions.add(found.group(1))
        parent = DOWN_REVISION.search(text)
        if parent:
            parents.add(parent.group(1))
        needs = DEPENDS_ON.search(text)
        if needs:
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", needs.group(1)))
    return revisions - parents


def is_current(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            applied = {row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except Exception:  # no table yet: a new database
        return False
    return applied == head_revisions()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration (a quick check when already there)."""
    if is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _MIGRATING, engine.connect() as connection:
        _lock_schema(connection)
        config.attributes["connection"] = connection
        # Features add their own revisions; every branch is applied (none when another start just did).
        command.upgrade(config, "heads")
        connection.commit()


_MIGRATING = threading.Lock()
"""Alembic's migration context is global to the process: one migration at a time."""


def _lock_schema(connection: Connection) -> None:
    """Two first starts at once: the second waits for the first's migration to commit, then finds it done."""
    if connection.dialect.name == "postgresql":
        # Per schema, held until the migration's transaction ends.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('packetdesk-migrate:' || current_schema()))")
    elif connection.dialect.name == "sqlite":
        connection.execution_options(write=True)  # the transaction starts with BEGIN IMMEDIATE
        connection.exec_driver_sql("SELECT 1")
