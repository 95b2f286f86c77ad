"""Name search keys are transliterated to Latin letters ("Wei 李" -> "weili"): refill them.

Revision ID: 0108_transliterated_name_keys
Revises: 0104_search_keys
"""

import importlib

from core.forms.names import name_keys

revision = "0108_transliterated_name_keys"
down_revision = "0104_search_keys"
branch_labels = None
depends_on = None

_refill = importlib.import_module("core.kernel.migrations.versions.0104_search_keys")._refill


def upgrade() -> None:
    _refill(name_keys)


def downgrade() -> None:
    pass  # the older keys only found fewer names; nothing to restore
