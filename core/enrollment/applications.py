"""Start Application for the agent: under which writing producer number, blank or from a quote.

An application is a record of the ifm_enrollment program (core/packets/records.py): its key, blank answers,
expiry, facts, lists and saves are declared in data/programs/ifm_enrollment.toml and run by the engine."""

from __future__ import annotations

from typing import Any

from core.enrollment import access
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.packets import records
from core.packets.packets import PacketView

PROGRAM = "ifm_enrollment"


def start(ctx: AppContext, actor: Actor, *, quote: PacketView | None = None,
          answers: dict[str, Any] | None = None) -> PacketView:
    """A blank application for the actor's first producer, or one prefilled from a saved quote under the only
    writing number the actor holds in its state."""
    options = access.number_options(ctx, actor)
    if quote is not None:
        state = quote.answers["quote"]["state"]
        access.check(ctx, actor, quote.producer_id or 0, state)
        options = [o for o in options if o.producer_id == quote.producer_id and o.state == state]
    if not options:
        raise NotAllowed("You have no writing producer number to enroll under.")
    first = options[0]
    answers = answers or records.blank_answers(PROGRAM)
    if len({o.number for o in options if o.state == first.state}) == 1 and quote is not None:
        answers["general"].update(state=first.state, writing_number=first.number)
    answers["general"].setdefault("producer_name", first.name)
    return records.start(ctx, actor, PROGRAM, (first.producer_id, first.account_id), answers,
                         origin_id=quote.id if quote is not None else None)


def load(ctx: AppContext, actor: Actor, app_id: int) -> PacketView:
    """An application the actor may read, with what its screens show besides the answers."""
    return records.load_of(ctx, actor, app_id, program=PROGRAM)
