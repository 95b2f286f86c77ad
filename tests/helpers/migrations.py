"""A database as it was before one migration: every other branch applied (but those that need it: a revision
that depends on it), that one's up to its parent."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from core.kernel.db import MIGRATIONS


def schema_before(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    parent = script.get_revision(revision).down_revision
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        for head in script.get_heads():
            if revision not in {r.revision for r in script.iterate_revisions(head, "base")}:
                command.upgrade(config, head)
        command.upgrade(config, str(parent))
        connection.commit()
