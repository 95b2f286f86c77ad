"""A saved quote is a record of its program (data/programs/ifm_quote.toml): only the producer and the delegates
they gave its state see it, staff none; it is saved once and never changed; its household stays encrypted."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from core.enrollment import quotes
from core.enrollment.quotes import QuoteInput, QuotePerson, QuoteView
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.packets import records, saving
from tests.attacks.test_attack_client_applications import actor_of

ILLINOIS, MONTANA = "60606", "59101"
"""ZIP codes in a state the demo delegate was given (Illinois) and in one they were not (Montana)."""


def saved(ctx: AppContext, zip_code: str) -> QuoteView:
    producer = actor_of(ctx, "producer")
    view = quotes.view_plans(ctx, producer, QuoteInput(zip_code, (QuotePerson("primary", "03/14/1986", "Female"),)))
    medical = next(q.plan.id for q in view.plans if q.plan.kind == "medical" and not q.plan.on_exchange)
    return quotes.save(ctx, producer, view, medical, "")


def test_a_delegate_sees_only_the_quotes_in_their_states(sqlite_ctx):
    illinois, montana = saved(sqlite_ctx, ILLINOIS), saved(sqlite_ctx, MONTANA)
    helper = actor_of(sqlite_ctx, "delegate")
    assert [q.id for q in records.listing(sqlite_ctx, helper, program=quotes.QUOTES)] == [illinois.id]
    assert quotes.load(sqlite_ctx, helper, illinois.id).state == "IL"  # type: ignore[arg-type]
    for refused in (quotes.load, quotes.incomplete_for, quotes.enroll):
        with pytest.raises(NotAllowed):
            refused(sqlite_ctx, helper, montana.id)  # type: ignore[operator]
    producer = actor_of(sqlite_ctx, "producer")
    assert [q.id for q in records.listing(sqlite_ctx, producer, program=quotes.QUOTES)] == [montana.id, illinois.id]


@pytest.mark.parametrize("role", ["rep", "reviewer", "admin"])
def test_staff_see_no_quote(sqlite_ctx, role):
    quote = saved(sqlite_ctx, ILLINOIS)
    staff = actor_of(sqlite_ctx, role)
    assert records.listing(sqlite_ctx, staff, program=quotes.QUOTES) == []
    with pytest.raises(NotAllowed):
        quotes.load(sqlite_ctx, staff, quote.id)  # type: ignore[arg-type]


def test_a_saved_quote_is_never_changed_and_its_household_is_sealed(sqlite_ctx):
    quote = saved(sqlite_ctx, ILLINOIS)
    producer = actor_of(sqlite_ctx, "producer")
    stored = records.load_of(sqlite_ctx, producer, quote.id, program=quotes.QUOTES)  # type: ignore[arg-type]
    with pytest.raises(NotAllowed):
        saving.save(sqlite_ctx, producer, stored.id, "quote", {**stored.answers["quote"], "state": "MT"}, stored.version)
    with sqlite_ctx.engine.connect() as connection:
        raw = connection.execute(text("SELECT answers_json FROM packet WHERE id = :id"), {"id": quote.id}).scalar_one()
    assert "03/14/1986" not in raw and '"state": "IL"' in raw  # the birth date is encrypted, the state is not
