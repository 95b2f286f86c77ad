"""Every feature's tables, imported so the metadata knows them (migrations and tests need the whole schema)."""

from __future__ import annotations

import importlib

TABLE_MODULES = (
    "core.kernel.events",
    "core.kernel.meta",
    "core.kernel.counters",
    "core.kernel.keys",
    "core.identity.models",
    "core.notify.models",
    "core.packets.models",
    "core.desk.models",
    "core.payments.models",
    "core.portal.models",
)


def register_tables() -> None:
    """Import each feature's table module (the kernel names them, it does not depend on them)."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
