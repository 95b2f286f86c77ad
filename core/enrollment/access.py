"""Who may enroll for which producer, in which state, under which writing producer number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from core.enrollment import catalog
from core.forms.states import STATES
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.packets.models import Producer
from core.portal import access as portal_access


@dataclass(frozen=True)
class NumberOption:
    """A writing producer number the actor may write business under."""

    number: str
    state: str
    name: str
    company: str
    producer_id: int

    @property
    def label(self) -> str:
        return f"{self.state} · {self.number} · {self.name} · {self.company}"


def number_options(ctx: AppContext, actor: Actor) -> list[NumberOption]:
    """Producers see their own numbers; delegates their producers' numbers in their assigned states."""
    visible = portal_access.visible_producers(ctx, actor)
    ids = [v.producer_id for v in visible]
    with reading(ctx.engine) as session:
        emails = {p.id: p.email for p in session.exec(select(Producer).where(col(Producer.id).in_(ids))).all()}
    options = []
    for v in visible:
        for number in catalog.numbers_for(emails.get(v.producer_id, "")):
            if number.state in v.states:
                options.append(NumberOption(number.number, number.state, number.name, number.company, v.producer_id))
    return options


def resolve_number(ctx: AppContext, actor: Actor, number: str, home_state: str = "") -> NumberOption:
    """The option for a typed or chosen number, refused when it is not the actor's or not for the home state."""
    found = next((o for o in number_options(ctx, actor) if o.number == number.strip()), None)
    if found is None:
        raise NotAllowed("That writing producer number is not one you may write business under.")
    if home_state and found.state != home_state.upper():
        raise NotAllowed(f"Writing producer number {found.number} is for {STATES.name(found.state)}; "
                         f"it must match the home state ({STATES.name(home_state)}).")
    return found


def quote_state_problem(ctx: AppContext, actor: Actor, state: str) -> str | None:
    """Why the actor may not quote in this state (no writing number of theirs, or not assigned), else None."""
    options = number_options(ctx, actor)
    if any(o.state == state for o in options):
        return None
    allowed = sorted({o.state for o in options})
    where = f" You may quote in {', '.join(STATES.name(s) for s in allowed)}." if allowed else ""
    if actor.role == "delegate":
        return f"You are not assigned to {STATES.name(state)}.{where}"
    return f"You have no writing producer number in {STATES.name(state)}.{where}"


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
