"""IFM applications as records of their program (core/packets/records.py), the way the wizard and the lists reach them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.enrollment.applications import PROGRAM
from core.enrollment.pricing import Pricing, price
from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.packets import records, saving
from core.packets.packets import PacketView
from core.packets.program import program


def save_step(ctx: AppContext, actor: Actor, app_id: int, step: str, values: dict[str, Any], version: int,
              *, validate: bool = True, go_to: int | None = None) -> PacketView:
    """One step saved as the wizard saves it (`go_to`: the step, numbered from 1, the application resumes on)."""
    ids = [s.id for s in program(PROGRAM).steps]
    resume = None if go_to is None else ids[max(1, min(go_to, len(ids))) - 1]
    return saving.save(ctx, actor, app_id, step, values, version, complete=validate, go_to=resume).view


def list_applications(ctx: AppContext, actor: Actor, status: str) -> list[PacketView]:
    return records.listing(ctx, actor, status, program=PROGRAM)


def step_number(view: PacketView) -> int:
    """The wizard step (from 1) an application resumes on."""
    return [s.id for s in program(PROGRAM).steps].index(view.current_step) + 1


def general_answer(view: PacketView, name: str) -> Any:
    """An answer of step 1 (state, producer_name, writing_number)."""
    return view.answers.get("general", {}).get(name, "")


def pricing(ctx: AppContext, view: PacketView) -> Pricing:
    return price(view.answers, ctx.clock.now().date())


def total(ctx: AppContext, view: PacketView) -> Decimal:
    return pricing(ctx, view).total


def payment_status(view: PacketView) -> str:
    return str(view.extra.get("payment_status", ""))


