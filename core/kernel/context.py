"""Everything a service needs, built once by the CLI or a test and passed down."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from core.kernel.clock import Clock, FixedClock, IdSource, SeededIds, SystemClock, SystemIds
from core.kernel.config import Settings
from core.kernel.crypto import PiiCipher, load_or_create_key
from core.kernel.db import make_engine, migrate
from core.kernel.hashing import SecretHasher


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    clock: Clock
    ids: IdSource
    cipher: PiiCipher
    hasher: SecretHasher
    host: str = field(default_factory=socket.gethostname)
    """Where logins come from, recorded with sessions and signatures."""

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        ids: IdSource | None = None,
        fast_hash: bool = False,
        schema: str | None = None,
        host: str | None = None,
    ) -> AppContext:
        """Open (and migrate) the database named in settings."""
        settings.home.mkdir(parents=True, exist_ok=True)
        engine = make_engine(settings.database_url, schema=schema)
        migrate(engine)
        key = load_or_create_key(settings.key_file, settings.key_b64)
        return cls(
            settings=settings,
            engine=engine,
            clock=clock or SystemClock(),
            ids=ids or SystemIds(),
            cipher=PiiCipher(key),
            hasher=SecretHasher(fast=fast_hash),
            host=host or socket.gethostname(),
        )

    @classmethod
    def for_tests(cls, home: Path, database_url: str | None = None, schema: str | None = None) -> AppContext:
        """A deterministic context: fixed clock, seeded ids, cheap hashing."""
        settings = Settings.from_env(
            {},
            home=home,
            database_url=database_url or f"sqlite:///{home / 'packetdesk.db'}",
            key_file=home / "pii.key",
            key_b64="MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        )
        return cls.create(settings, clock=FixedClock(), ids=SeededIds(), fast_hash=True, schema=schema, host="testhost")
