"""Everything a service needs, built once by the CLI or a test and passed down."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from core.kernel.clock import Clock, FixedClock, IdSource, SeededIds, SystemClock, SystemIds
from core.kernel.config import Settings
from core.kernel.crypto import PiiCipher
from core.kernel.db import make_engine, migrate
from core.kernel.files import private_dir
from core.kernel.hashing import SecretHasher
from core.kernel.keys import open_keys
from core.kernel.tokens import TokenHasher


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    clock: Clock
    ids: IdSource
    cipher: PiiCipher
    hasher: SecretHasher
    tokens: TokenHasher
    """Keyed hashes for high-entropy tokens (invitation codes, device tokens, links)."""
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
        """Open (and migrate) the database named in settings; refuse a missing or foreign key (KeyProblem)."""
        private_dir(settings.home)  # the database, the key and saved PDFs: for its owner only
        engine = make_engine(settings.database_url, schema=schema)
        migrate(engine)
        return cls.open(settings, engine, clock=clock, ids=ids, fast_hash=fast_hash, host=host)

    @classmethod
    def open(
        cls,
        settings: Settings,
        engine: Engine,
        *,
        clock: Clock | None = None,
        ids: IdSource | None = None,
        fast_hash: bool = False,
        host: str | None = None,
    ) -> AppContext:
        """A context on an engine whose schema is current, with the key the settings name."""
        clock = clock or SystemClock()
        keys = open_keys(settings, engine, clock.now())
        hasher = SecretHasher(fast=fast_hash)
        return cls(
            settings=settings,
            engine=engine,
            clock=clock,
            ids=ids or SystemIds(),
            cipher=PiiCipher(keys.key),
            hasher=hasher,
            tokens=TokenHasher(keys.token_key, hasher),
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
