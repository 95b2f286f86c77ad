"""A record list reads only the producers its declared scope reaches, in its query (core/packets/records.listing,
the scope's reach in core/portal/access.py): a producer's Incomplete Applications never load, let alone decrypt,
another producer's applications, however many a shared call-center database holds."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from core.demo import demo_actor
from core.kernel.context import AppContext
from core.packets import records
from core.packets.models import Packet, Producer

PROGRAM = "ifm_enrollment"


def another_producers_application(ctx: AppContext) -> str:
    now = ctx.clock.now()
    with Session(ctx.engine) as session:
        other = Producer(first_name="Other", last_name="Person", name_key="person other", tin_enc="x", tin_last4="0000",
                         tin_index="idx", email="o@example.com", states="IL", created_at=now)
        session.add(other)
        session.flush()
        assert other.id is not None
        session.add(Packet(key="B-00001", program=PROGRAM, producer_id=other.id, status="incomplete", current_step="general",
                           answers_json='{"general": {"state": "IL"}}', created_at=now, updated_at=now))
        session.commit()
    return "B-00001"


def test_a_list_reads_only_the_producers_the_scope_reaches(demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    actor = demo_actor(demo_ctx)
    assert actor is not None
    key = another_producers_application(demo_ctx)
    mine = [v.key for v in records.listing(demo_ctx, actor, "incomplete", program=PROGRAM)]
    assert mine and key not in mine
    # Even were the row-by-row rule to say yes, the query never reads the other producer's rows.
    monkeypatch.setattr(records, "may", lambda *args: True)
    assert [v.key for v in records.listing(demo_ctx, actor, "incomplete", program=PROGRAM)] == mine
    # Without the reach the same list would have read it: the narrowing is what keeps it out.
    monkeypatch.setattr(records.registry, "reach", lambda name: None)
    assert key in [v.key for v in records.listing(demo_ctx, actor, "incomplete", program=PROGRAM)]
