"""A made-up program's step declared in TOML alone, drawn by the kit: a type-ahead on the portal's writing
numbers (a provider that receives the signed-in actor, reading the data file the declaration names), a
field a named rule disables with its note, and a computed action's button. No screen of its own; the two
named computations below stand for the small core module such a program would bring."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from textual.widgets import Input

from core.demo import demo_actor
from core.forms.providers import Computed, action_named
from core.forms.registry import computation_named, load_modules
from core.forms.spec import StepSpec, load_step
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.kernel.events import Actor
from core.portal import writing_numbers
from tests.helpers.memory_target import MemoryTarget, Record
from tests.pilot_helpers import screen_text, wait_until
from tui.kit.declared_step import DeclaredStep
from tui.kit.host import HostApp
from tui.kit.step_wizard import StepWizard, WizardProgram

NUMBERS = "kennel/agents.json"
ROWS = [  # Harriet Stone (the demo producer) holds IL, MT, NM, OK and TX; her delegate was given IL, NM and TX.
    {"email": "harriet.stone@example.com", "state": "IL", "number": "K-100", "name": "STONE, HARRIET", "company": "PAWS IL"},
    {"email": "harriet.stone@example.com", "state": "MT", "number": "K-200", "name": "STONE, HARRIET", "company": "PAWS MT"},
    {"email": "harriet.stone@example.com", "state": "WA", "number": "K-300", "name": "STONE, HARRIET", "company": "PAWS WA"},
    {"email": "marisol.oneil@example.com", "state": "IL", "number": "K-900", "name": "O'NEIL, MARISOL", "company": "OTHER"},
]
DECLARATION = f"""
[[steps]]
id = "visit"
title = "Visit"
kind = "form"

  [[steps.sections]]
  title = "Agent"

    [[steps.sections.fields]]
    name = "agent_number"
    label = "Agent No."
    required = true
    fills = {{ region = "state", agent = "name" }}
    type_ahead = {{ provider = "portal.writing_numbers", data = "{NUMBERS}", key = "f6", label = "My numbers", title = "My Agent Numbers", detail = "Agent {{name}} of {{company}}", empty = "Agent -" }}

    [[steps.sections.fields]]
    name = "region"
    label = "Region"
    type = "state"

    [[steps.sections.fields]]
    name = "agent"
    label = "Agent"
    readonly = true

    [[steps.sections.fields]]
    name = "rush"
    label = "Rush visit?"
    type = "yesno"
    default = "No"
    disabled_when = {{ compute = "kennel.no_rush", note = "No rush visits in Montana.", otherwise = "Rush visits can be asked for." }}

    [[steps.sections.fields]]
    name = "visit_on"
    label = "Visit on"
    type = "date"
    readonly = true
    action = {{ label = "Find a Day", compute = "kennel.first_day" }}

[[steps]]
id = "done"
title = "Done"
kind = "form"
"""


@computation_named("kennel.no_rush")
def no_rush(answers: dict[str, dict[str, Any]], today: date) -> bool:
    return answers.get("visit", {}).get("region") == "MT"


@action_named("kennel.first_day")
def first_day(answers: dict[str, dict[str, Any]], today: date) -> Computed:
    if not answers.get("visit", {}).get("region"):
        return Computed("", ("Choose an agent number first.",))
    return Computed((today.replace(day=1) + timedelta(days=32)).replace(day=1).strftime("%m/%d/%Y"))


@pytest.fixture
def kennel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[StepSpec, ...]]:
    (tmp_path / "kennel").mkdir()
    (tmp_path / NUMBERS).write_text(json.dumps({"numbers": ROWS}), encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_DATA_DIRS", str(tmp_path))
    load_modules(("core.portal.writing_numbers",))
    yield tuple(load_step(s) for s in tomllib.loads(DECLARATION)["steps"])
    writing_numbers._numbers.cache_clear()


def producer(ctx: AppContext) -> Actor:
    actor = demo_actor(ctx)
    assert actor is not None
    return actor


def test_the_provider_offers_the_numbers_the_actor_may_write_under(sqlite_ctx: AppContext, kennel: Any) -> None:
    with reading(sqlite_ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == "delegate")).first()
    assert account is not None and account.id is not None
    delegate = Actor(account.id, "delegate")
    offered = {m.value for m in writing_numbers.type_ahead(sqlite_ctx, producer(sqlite_ctx), NUMBERS, {})}
    assert offered == {"K-100", "K-200"}  # not the state she does not hold, not another producer's
    assert [m.value for m in writing_numbers.type_ahead(sqlite_ctx, delegate, NUMBERS, {})] == ["K-100"]  # not MT
    with pytest.raises(NotAllowed, match="must match the home state"):
        writing_numbers.resolve(sqlite_ctx, producer(sqlite_ctx), NUMBERS, "K-200", "IL")
    assert writing_numbers.state_problem(sqlite_ctx, delegate, NUMBERS, "MT") is not None


async def test_a_made_up_program_declares_a_type_ahead_a_disabled_field_and_a_computed_action(
    sqlite_ctx: AppContext, kennel: tuple[StepSpec, ...],
) -> None:
    from tui.app import make_app

    class Kennel(WizardProgram):
        title = "Kennel"
        steps = kennel
        store = MemoryTarget(kennel)

        def target(self, app: HostApp, actor: Any, view: Any) -> MemoryTarget:
            return self.store

        def screen_for(self, actor: Any, view: Any, index: int) -> StepWizard:
            return KennelStep(actor, view, index)

    class KennelStep(DeclaredStep):
        pass

    program = Kennel()
    KennelStep.PROGRAM = program
    today = sqlite_ctx.clock.now().date()
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        program.show_step(app, producer(sqlite_ctx), Record(), 0)
        await wait_until(pilot, lambda: isinstance(app.screen, KennelStep) and "Agent -" in screen_text(app))
        step = app.screen
        await wait_until(pilot, lambda: "f6 My numbers" in screen_text(app))  # the footer
        assert "Rush visits can be asked for." in screen_text(app)

        step.query_one("#f-visit_on-action").press()  # no agent yet: the action's problem, beside its field
        await wait_until(pilot, lambda: "Choose an agent number first." in screen_text(app))
        assert "Visit on - (Find a Day)" in screen_text(app)

        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen is not step and "My Agent Numbers" in screen_text(app))
        listed = screen_text(app)
        assert "K-100" in listed and "K-200" in listed and "K-300" not in listed and "K-900" not in listed
        await pilot.press(*"MT", "enter")
        await wait_until(pilot, lambda: app.screen is step and "Agent STONE, HARRIET of PAWS MT" in screen_text(app))
        assert step.query_one("#f-agent_number", Input).value == "K-200"
        assert step.query_one("#f-region", Input).value == "MT"
        assert step.query_one("#f-rush", Input).disabled and "No rush visits in Montana." in screen_text(app)

        step.query_one("#f-visit_on-action").press()
        first_of_next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1).strftime("%m/%d/%Y")
        await wait_until(pilot, lambda: f"Visit on {first_of_next_month}" in screen_text(app))
        assert "Choose an agent number first." not in screen_text(app)

        await pilot.press("f8")
        await wait_until(pilot, lambda: "Kennel · 2/2 Done" in screen_text(app))
    assert program.store.saves == [("visit", True)]
    saved = program.store.record.answers["visit"]
    assert {k: saved.get(k) for k in ("agent_number", "region", "agent", "visit_on")} == {
        "agent_number": "K-200", "region": "MT", "agent": "STONE, HARRIET", "visit_on": first_of_next_month}
