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
from sqlalchemy import Engine, create_engine, make_url, text

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
    """A migrated database, with the demo data when seeded, made once per test session (per xdist
    worker) and copied into each test.

    Migrating and seeding cost seconds; a copy costs milliseconds. The copy gets the template's home
    folder (database, saved PDFs) and the clock and id source as seeding left them, so a test sees
    exactly what migrating (and seeding) its own database would have given it. On PostgreSQL the
    template is a database of its own, copied with CREATE DATABASE ... TEMPLATE.
    """

    home: Path
    url: str | None
    clock: object
    ids: object


PG_SCHEMA = "packetdesk"
"""The schema inside every test database (each test has a database of its own)."""


def _pg_database_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _pg_admin(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")  # CREATE/DROP DATABASE run outside a transaction


def _template(home: Path, url: str | None, *, seeded: bool = True) -> Template:
    database_url = None
    if url is not None:
        database_url = _pg_database_url(url, f"pd_tmpl_{uuid.uuid4().hex[:12]}")
        admin = _pg_admin(url)
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {make_url(database_url).database}"))
            engine = create_engine(database_url)
            with engine.begin() as inside:
                inside.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
            engine.dispose()
        admin.dispose()
    context = AppContext.for_tests(home, database_url=database_url, schema=PG_SCHEMA if url else None)
    if seeded:
        demo.seed(context)
    context.engine.dispose()  # a template database must have no connections to be copied
    return Template(home, database_url, copy.deepcopy(context.clock), copy.deepcopy(context.ids))


def _drop_template(template: Template, url: str) -> None:
    assert template.url is not None
    admin = _pg_admin(url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {make_url(template.url).database} WITH (FORCE)"))
    admin.dispose()


def _from_template(template: Template, context: AppContext) -> AppContext:
    context.clock = copy.deepcopy(template.clock)  # type: ignore[assignment]
    context.ids = copy.deepcopy(template.ids)  # type: ignore[assignment]
    return context


def _copy_home(template: Template, home: Path) -> None:
    shutil.copytree(template.home, home, dirs_exist_ok=True)


def _pg_context(home: Path, url: str, template: Template) -> Iterator[AppContext]:
    assert template.url is not None
    database = f"pd_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin(url)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {database} TEMPLATE {make_url(template.url).database}"))
    _copy_home(template, home)
    ctx = _from_template(template, AppContext.for_tests(home, database_url=_pg_database_url(url, database), schema=PG_SCHEMA))
    try:
        yield ctx
    finally:
        ctx.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {database} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    yield _template(tmp_path_factory.mktemp("template-sqlite"), None)


@pytest.fixture(scope="session")
def sqlite_empty_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    yield _template(tmp_path_factory.mktemp("template-sqlite-empty"), None, seeded=False)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Template]:
    template = _template(tmp_path_factory.mktemp("template-pg"), pg_url)
    yield template
    _drop_template(template, pg_url)


@pytest.fixture(scope="session")
def pg_empty_template(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Template]:
    template = _template(tmp_path_factory.mktemp("template-pg-empty"), pg_url, seeded=False)
    yield template
    _drop_template(template, pg_url)


def _sqlite_from_template(template: Template, home: Path) -> AppContext:
    _copy_home(template, home)
    return _from_template(template, AppContext.for_tests(home))


@pytest.fixture(params=["sqlite", "postgres"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """An empty, migrated database with a fixed clock, on SQLite and on PostgreSQL (the demo data
    in it when the test also asks for demo_ctx)."""
    seeded = "demo_ctx" in request.fixturenames
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template" if seeded else "sqlite_empty_template")
        context = _sqlite_from_template(template, tmp_path)
        yield context
        context.engine.dispose()
    else:
        url = request.getfixturevalue("pg_url")
        yield from _pg_context(tmp_path, url, request.getfixturevalue("pg_template" if seeded else "pg_empty_template"))


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
