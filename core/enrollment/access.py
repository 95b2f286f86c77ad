"""Who may enroll for which producer, in which state, under which writing producer number.

The numbers are the portal's (core/portal/writing_numbers.py), read from the file step 1's declaration names.
"""

from __future__ import annotations

from core.enrollment import steps
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.portal import access as portal_access
from core.portal import writing_numbers

_TYPE_AHEAD = steps.step("general").field("writing_number").type_ahead
NUMBERS = _TYPE_AHEAD.data if _TYPE_AHEAD else ""
"""The writing numbers file (data/programs/ifm_enrollment.toml, step 1's writing number)."""
NumberOption = writing_numbers.WritingNumber


def number_options(ctx: AppContext, actor: Actor) -> list[NumberOption]:
    return writing_numbers.options(ctx, actor, NUMBERS)


def resolve_number(ctx: AppContext, actor: Actor, number: str, home_state: str = "") -> NumberOption:
    return writing_numbers.resolve(ctx, actor, NUMBERS, number, home_state)


def quote_state_problem(ctx: AppContext, actor: Actor, state: str) -> str | None:
    return writing_numbers.state_problem(ctx, actor, NUMBERS, state)


def check(ctx: AppContext, actor: Actor, producer_id: int, state: str) -> None:
    """Raise NotAllowed unless the actor may act for this producer in this state."""
    if state:
        portal_access.authorize(ctx, actor, producer_id, state)
    elif producer_id not in {v.producer_id for v in portal_access.visible_producers(ctx, actor)}:
        raise NotAllowed("You do not work for that producer.")


def visible_ids(ctx: AppContext, actor: Actor) -> dict[int, tuple[str, ...]]:
    """Producer id -> states the actor may see, for list queries."""
    return {v.producer_id: v.states for v in portal_access.visible_producers(ctx, actor)}


def refuse_on_exchange(actor: Actor) -> None:
    if actor.role == "delegate":
        raise NotAllowed("Delegates can't complete on-exchange enrollments; the producer enrolls the client on the exchange.")
