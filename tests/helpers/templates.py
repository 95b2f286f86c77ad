"""Migrated (and seeded) template databases, made once per test session and copied into each test."""

from __future__ import annotations

import copy
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text

from core import demo
from core.kernel.context import AppContext


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


def pg_database_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def pg_admin(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")  # CREATE/DROP DATABASE run outside a transaction


def make_template(home: Path, url: str | None, *, seeded: bool = True) -> Template:
    database_url = None
    if url is not None:
        database_url = pg_database_url(url, f"pd_tmpl_{uuid.uuid4().hex[:12]}")
        admin = pg_admin(url)
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


def drop_template(template: Template, url: str) -> None:
    assert template.url is not None
    admin = pg_admin(url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {make_url(template.url).database} WITH (FORCE)"))
    admin.dispose()


def from_template(template: Template, context: AppContext) -> AppContext:
    context.clock = copy.deepcopy(template.clock)  # type: ignore[assignment]
    context.ids = copy.deepcopy(template.ids)  # type: ignore[assignment]
    return context


def copy_home(template: Template, home: Path) -> None:
    shutil.copytree(template.home, home, dirs_exist_ok=True)


def pg_context(home: Path, url: str, template: Template) -> Iterator[AppContext]:
    assert template.url is not None
    database = f"pd_{uuid.uuid4().hex[:12]}"
    admin = pg_admin(url)
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {database} TEMPLATE {make_url(template.url).database}"))
    copy_home(template, home)
    ctx = from_template(template, AppContext.for_tests(home, database_url=pg_database_url(url, database), schema=PG_SCHEMA))
    try:
        yield ctx
    finally:
        ctx.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {database} WITH (FORCE)"))
        admin.dispose()


def sqlite_from_template(template: Template, home: Path) -> AppContext:
    copy_home(template, home)
    return from_template(template, AppContext.for_tests(home))
