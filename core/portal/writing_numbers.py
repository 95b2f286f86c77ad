"""Writing producer numbers: the numbers an actor may write business under, from a data file a declaration names.

Producers see their own numbers; delegates their producers' numbers in the states they were given.
The file is a JSON object whose "numbers" list holds {number, state, name, company, email}, the email
being the roster producer's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlmodel import col, select

from core.forms.providers import type_ahead_named
from core.forms.registry import Match
from core.forms.states import STATES
from core.kernel.config import data_file
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.packets.models import Producer
from core.portal.access import visible_producers


@dataclass(frozen=True)
class WritingNumber:
    """A writing producer number the actor may write business under."""

    number: str
    state: str
    name: str
    company: str
    producer_id: int
    account_id: int | None = None
    """The producer's portal account."""

    @property
    def label(self) -> str:
        return f"{self.state} · {self.number} · {self.name} · {self.company}"


@cache
def _numbers(path: str) -> tuple[dict[str, str], ...]:
    return tuple(json.loads(data_file(path).read_text(encoding="utf-8"))["numbers"])


def options(ctx: AppContext, actor: Actor, path: str) -> list[WritingNumber]:
    """The actor's numbers in the file at `path`, producer by producer, in the states the actor may act in."""
    visible = visible_producers(ctx, actor)
    with reading(ctx.engine) as session:
        ids = [v.producer_id for v in visible]
        emails = {p.id: p.email for p in session.exec(select(Producer).where(col(Producer.id).in_(ids))).all()}
    return [WritingNumber(n["number"], n["state"], n["name"], n["company"], v.producer_id, v.producer_account_id)
            for v in visible for n in _numbers(path)
            if n["email"] == emails.get(v.producer_id) and n["state"] in v.states]


def resolve(ctx: AppContext, actor: Actor, path: str, number: str, home_state: str = "") -> WritingNumber:
    """The actor's option for a typed or chosen number, refused when it is not theirs or not for the home state."""
    found = next((o for o in options(ctx, actor, path) if o.number == number.strip()), None)
    if found is None:
        raise NotAllowed("That writing producer number is not one you may write business under.")
    if home_state and found.state != home_state.upper():
        raise NotAllowed(f"Writing producer number {found.number} is for {STATES.name(found.state)}; "
                         f"it must match the home state ({STATES.name(home_state)}).")
    return found


def state_problem(ctx: AppContext, actor: Actor, path: str, state: str) -> str | None:
    """Why the actor may not write business in this state (no number of theirs, or not assigned), else None."""
    held = options(ctx, actor, path)
    if any(o.state == state for o in held):
        return None
    allowed = sorted({o.state for o in held})
    where = f" You may quote in {', '.join(STATES.name(s) for s in allowed)}." if allowed else ""
    if actor.role == "delegate":
        return f"You are not assigned to {STATES.name(state)}.{where}"
    return f"You have no writing producer number in {STATES.name(state)}.{where}"


@type_ahead_named("portal.writing_numbers")
def type_ahead(ctx: AppContext, actor: Actor, path: str, answers: dict[str, dict[str, Any]]) -> list[Match]:
    """A field's type-ahead: the numbers the signed-in person holds; each fills its state, name and company."""
    return [Match(o.label, o.number, {"state": o.state, "name": o.name, "company": o.company})
            for o in options(ctx, actor, path)]
