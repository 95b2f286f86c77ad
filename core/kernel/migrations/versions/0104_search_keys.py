"""Name search keys keep letters and digits only (spacing, hyphens, apostrophes and "[tags]" dropped): refill them.

Revision ID: 0104_search_keys
Revises: 0006_search
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from core.forms.names import name_keys

revision = "0104_search_keys"
down_revision = "0006_search"
branch_labels = None
depends_on = None

BATCH = 2000


def _refill(keys: Callable[[str, str], tuple[str, str]]) -> None:
    bind = op.get_bind()
    producer = sa.table("producer", sa.column("id", sa.Integer), sa.column("first_name", sa.String),
                        sa.column("last_name", sa.String), sa.column("name_key", sa.String),
                        sa.column("name_alt", sa.String))
    update = (sa.update(producer).where(producer.c.id == sa.bindparam("pid"))
              .values(name_key=sa.bindparam("key"), name_alt=sa.bindparam("alt")))
    last = 0
    while True:
        rows = bind.execute(sa.select(producer.c.id, producer.c.first_name, producer.c.last_name)
                            .where(producer.c.id > last).order_by(producer.c.id).limit(BATCH)).all()
        if not rows:
            return
        params = []
        for pid, first, last_name in rows:
            key, alt = keys(first or "", last_name or "")
            params.append({"pid": pid, "key": key, "alt": alt})
        bind.execute(update, params)
        last = rows[-1][0]


def upgrade() -> None:
    _refill(name_keys)


def downgrade() -> None:
    import re
    import unicodedata

    def spaced(text: str) -> str:  # the keys as 0006 wrote them
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = re.sub(r"['’`ʼ]", "", "".join(c for c in folded if not unicodedata.combining(c)))
        return re.sub(r"[\s\-.,_/]+", " ", folded).strip()

    _refill(lambda first, last: (spaced(f"{last} {first}"), spaced(f"{first} {last}")))
