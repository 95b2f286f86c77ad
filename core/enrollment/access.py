"""Who may enroll for which producer, in which state, under which writing producer number.

The numbers are the portal's (core/portal/writing_numbers.py), read from the file step 1's declaration names.
"""

from __future__ import annotations

from typing import Any

from core.forms.registry import Owned, owner_named
from core.kernel.context import AppContext
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.portal import access as portal_access
from core.portal import writing_numbers


def _numbers() -> str:
    """The writing numbers file (data/programs/ifm_enrollment.toml, step 1's writing number; read once the
    declaration has loaded: this module registers a name it uses)."""
    from core.packets.program import program

    type_ahead = program("ifm_enrollment").step("general").field("writing_number").type_ahead
    return type_ahead.data if type_ahead else ""


NumberOption = writing_numbers.WritingNumber
check = portal_access.check
visible_ids = portal_access.visible_states


def number_options(ctx: AppContext, actor: Actor) -> list[NumberOption]:
    return writing_numbers.options(ctx, actor, _numbers())


def resolve_number(ctx: AppContext, actor: Actor, number: str, home_state: str = "") -> NumberOption:
    return writing_numbers.resolve(ctx, actor, _numbers(), number, home_state)


def quote_state_problem(ctx: AppContext, actor: Actor, state: str) -> str | None:
    return writing_numbers.state_problem(ctx, actor, _numbers(), state)


def refuse_on_exchange(actor: Actor) -> None:
    if actor.role == "delegate":
        raise NotAllowed("Delegates can't complete on-exchange enrollments; the producer enrolls the client on the exchange.")


@owner_named("enrollment.writing_number")
def writing_number_owner(ctx: AppContext, actor: Actor, value: str, answers: dict[str, Any], strict: bool) -> Owned:
    """Step 1's writing number says whose application it is; a checked save of step 1 also wants it for the
    applicant's home state. It fills the producer's name, company and state on step 1."""
    home = answers.get("applicant", {}).get("state", "") if strict else ""
    option = resolve_number(ctx, actor, str(value), home)
    return Owned(option.producer_id, option.account_id,
                 {"state": option.state, "producer_name": option.name, "company": option.company})
