"""The demo family's answers, and the IFM enrollment wizard opened on one step for the demo producer, in the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.pilot import Pilot

from core.demo import demo_actor, demo_answers
from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.packets.packets import PacketView
from tests.pilot_helpers import wait_until
from tui.app import PacketdeskApp, make_app
from tui.enrollment import WIZARD


def family_answers(today: date, *, last_name: str = "Tester", pay: str = "Pay Now") -> dict[str, dict[str, Any]]:
    """A complete IL family of four (data/demo/applications.toml), moving in last week, in a Silver HMO."""
    answers: dict[str, dict[str, Any]] = demo_answers(today, last_name=last_name, pay=pay)
    return answers


@dataclass
class OnStep:
    app: PacketdeskApp
    pilot: Pilot[int]
    actor: Actor
    view: PacketView


@asynccontextmanager
async def ifm_step(ctx: AppContext, step: int, *, answers: dict[str, Any] | None = None,
                   size: tuple[int, int] = (120, 40)) -> AsyncIterator[OnStep]:
    """A new application (with these answers) on wizard step `step` (0-5), once that step shows."""
    actor = demo_actor(ctx)
    assert actor is not None
    view = enrollment.start(ctx, actor, answers=answers) if answers is not None else enrollment.start(ctx, actor)
    app = make_app(ctx, blink=False, demo=True)
    async with app.run_test(size=size) as pilot:
        screen = WIZARD.screen_for(actor, view, step)
        await app.push_screen(screen)
        await wait_until(pilot, lambda: app.screen is screen)
        yield OnStep(app, pilot, actor, view)
