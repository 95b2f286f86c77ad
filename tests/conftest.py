"""Shared fixtures: a deterministic context on SQLite, and on PostgreSQL for core tests."""

from __future__ import annotations

import copy
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core import demo
from core.kernel.context import AppContext

PG_URL = os.environ.get("PACKETDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection failure means "not reachable"
        return f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="session")
def pg_url() -> str:
    problem = _pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI and not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    return PG_URL


@dataclass
class Template:
    """The demo data seeded once per test session (per xdist worker) and copied into each test.

    Seeding costs seconds (migrations, PDFs, hashing); a copy costs milliseconds. The copy gets the
    template's home folder (database, saved PDFs) and the clock and id source as seeding left them,
    so a test sees exactly what seeding its own database would have given it.
    """

    home: Path
    schema: str | None
    clock: object
    ids: object


def _template(home: Path, url: str | None) -> Template:
    schema = None
    if url is not None:
        schema = f"pd_tmpl_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        admin.dispose()
    context = AppContext.for_tests(home, database_url=url, schema=schema)
    demo.seed(context)
    context.engine.dispose()
    return Template(home, schema, copy.deepcopy(context.clock), copy.deepcopy(context.ids))


def _from_template(template: Template, context: AppContext) -> AppContext:
    context.clock = copy.deepcopy(template.clock)  # type: ignore[assignment]
    context.ids = copy.deepcopy(template.ids)  # type: ignore[assignment]
    return context


def _copy_home(template: Template, home: Path) -> None:
    shutil.copytree(template.home, home, dirs_exist_ok=True)


def _copy_schema(url: str, source: str, target: str) -> None:
    """Every row of every table, with the sequences moved on past them (triggers and keys off meanwhile)."""
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        tables = connection.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = :s AND table_type = 'BASE TABLE'"
        ), {"s": source}).scalars().all()
        for table in tables:
            connection.execute(text(f'DELETE FROM {target}."{table}"'))
            connection.execute(text(f'INSERT INTO {target}."{table}" SELECT * FROM {source}."{table}"'))
        serials = connection.execute(text(
            "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_schema) || '.' || "
            "quote_ident(table_name), column_name) FROM information_schema.columns "
            "WHERE table_schema = :s AND column_default LIKE 'nextval%'"
        ), {"s": target}).all()
        for table, column, sequence in serials:
            connection.execute(text(
                f'SELECT setval(:seq, COALESCE((SELECT max("{column}") FROM {target}."{table}"), 0) + 1, false)'
            ), {"seq": sequence})
    admin.dispose()


def _pg_context(home: Path, url: str, template: Template | None = None) -> Iterator[AppContext]:
    schema = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    if template is None:
        ctx = AppContext.for_tests(home, database_url=url, schema=schema)
    else:
        _copy_home(template, home)
        AppContext.for_tests(home, database_url=url, schema=schema).engine.dispose()  # the tables
        assert template.schema is not None
        _copy_schema(url, template.schema, schema)
        ctx = _from_template(template, AppContext.for_tests(home, database_url=url, schema=schema))
    try:
        yield ctx
    finally:
        ctx.engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    yield _template(tmp_path_factory.mktemp("template-sqlite"), None)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Template]:
    template = _template(tmp_path_factory.mktemp("template-pg"), pg_url)
    yield template
    admin = create_engine(pg_url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {template.schema} CASCADE"))
    admin.dispose()


def _sqlite_from_template(template: Template, home: Path) -> AppContext:
    _copy_home(template, home)
    return _from_template(template, AppContext.for_tests(home))


@pytest.fixture(params=["sqlite", "postgres"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """An empty, migrated database with a fixed clock, on SQLite and on PostgreSQL (the demo data
    in it when the test also asks for demo_ctx)."""
    seeded = "demo_ctx" in request.fixturenames
    if request.param == "sqlite":
        if seeded:
            context = _sqlite_from_template(request.getfixturevalue("sqlite_template"), tmp_path)
        else:
            context = AppContext.for_tests(tmp_path)
        yield context
        context.engine.dispose()
    else:
        url = request.getfixturevalue("pg_url")
        yield from _pg_context(tmp_path, url, request.getfixturevalue("pg_template") if seeded else None)


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    """The demo data on both databases (a copy of the session's seeded template)."""
    return ctx


@pytest.fixture
def sqlite_ctx(tmp_path: Path, sqlite_template: Template) -> Iterator[AppContext]:
    """Demo data on SQLite only, for screen tests."""
    context = _sqlite_from_template(sqlite_template, tmp_path)
    yield context
    context.engine.dispose()
