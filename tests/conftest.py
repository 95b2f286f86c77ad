"""Shared fixtures: a deterministic context on SQLite, and on PostgreSQL for core tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from textual.app import App

from core.kernel.context import AppContext
from tests.helpers.css_cache import parsed_once
from tests.helpers.keys import press_keys
from tests.helpers.templates import (
    Template,
    drop_template,
    make_template,
    pg_context,
    sqlite_from_template,
)

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


@pytest.fixture(scope="session", autouse=True)
def pilot_costs() -> Iterator[None]:
    """Pilot.press waits on the app's queues, not on time (tests/helpers/keys.py); CSS is parsed once
    per process, not once per app (tests/helpers/css_cache.py)."""
    with pytest.MonkeyPatch.context() as patch, parsed_once():
        patch.setattr(App, "_press_keys", press_keys)
        yield


@pytest.fixture(scope="session")
def pg_url() -> str:
    problem = _pg_available()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI and not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    return PG_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    yield make_template(tmp_path_factory.mktemp("template-sqlite"), None)


@pytest.fixture(scope="session")
def sqlite_empty_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    yield make_template(tmp_path_factory.mktemp("template-sqlite-empty"), None, seeded=False)


@pytest.fixture(scope="session")
def pg_template(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Template]:
    template = make_template(tmp_path_factory.mktemp("template-pg"), pg_url)
    yield template
    drop_template(template, pg_url)


@pytest.fixture(scope="session")
def pg_empty_template(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> Iterator[Template]:
    template = make_template(tmp_path_factory.mktemp("template-pg-empty"), pg_url, seeded=False)
    yield template
    drop_template(template, pg_url)


@pytest.fixture(params=["sqlite", "postgres"])
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AppContext]:
    """An empty, migrated database with a fixed clock, on SQLite and on PostgreSQL (the demo data
    in it when the test also asks for demo_ctx)."""
    seeded = "demo_ctx" in request.fixturenames
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template" if seeded else "sqlite_empty_template")
        context = sqlite_from_template(template, tmp_path)
        yield context
        context.engine.dispose()
    else:
        url = request.getfixturevalue("pg_url")
        yield from pg_context(tmp_path, url, request.getfixturevalue("pg_template" if seeded else "pg_empty_template"))


@pytest.fixture
def demo_ctx(ctx: AppContext) -> AppContext:
    """The demo data on both databases (a copy of the session's seeded template)."""
    return ctx


@pytest.fixture
def sqlite_ctx(tmp_path: Path, sqlite_template: Template) -> Iterator[AppContext]:
    """Demo data on SQLite only, for screen tests."""
    context = sqlite_from_template(sqlite_template, tmp_path)
    yield context
    context.engine.dispose()


SLOW_FIRST = (
    "test_scripts_goldens.py", "test_serve_ssh.py", "test_hangup_screens.py", "test_pty_keys.py",
    "test_onboarding_screens.py", "test_producer_flow.py", "test_portal_screens.py", "test_document_pdfs.py",
)
"""Files whose tests take longest: started first, so no worker is left with one at the end (xdist)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in SLOW_FIRST)  # stable: the rest keep their order
