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
check = portal_access.check
visible_ids = portal_access.visible_states


def number_options(ctx: AppContext, actor: Actor) -> list[NumberOption]:
    return writing_numbers.options(ctx, actor, NUMBERS)


def resolve_number(ctx: AppContext, actor: Actor, number: str, home_state: str = "") -> NumberOption:
    return writing_numbers.resolve(ctx, actor, NUMBERS, number, home_state)


def quote_state_problem(ctx: AppContext, actor: Actor, state: str) -> str | None:
    return writing_numbers.state_problem(ctx, actor, NUMBERS, state)


def refuse_on_exchange(actor: Actor) -> None:
    if actor.role == "delegate":
        raise NotAllowed("Delegates can't complete on-exchange enrollments; the producer enrolls the client on the exchange.")
