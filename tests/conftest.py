"""Shared fixtures: a deterministic context on SQLite, and on PostgreSQL for core tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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


def _pg_context(home: Path, url: str) -> Iterator[AppContext]:
    schema = f"pd_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    ctx = AppContext.for_tests(home, database_url=url, schema=schema)
    try:
        yield ctx
    finally:
        ctx.engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """An empty, migrated database with a fixed clock, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        context = AppContext.for_tests(tmp_path)
        yield context
        context.engine.dispose()
    else:
        yield from _pg_context(tmp_path, request.getfixturevalue("pg_url"))


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    """The demo data on both databases."""
    demo.seed(ctx)
    return ctx


@pytest.fixture
def sqlite_ctx(tmp_path: Path) -> Iterator[AppContext]:
    """Demo data on SQLite only, for screen tests."""
    context = AppContext.for_tests(tmp_path)
    demo.seed(context)
    yield context
    context.engine.dispose()
