"""The kit's wizard over a SaveTarget (tui/kit/step_wizard.py, declared_step.py) for a made-up program declared
in TOML here, with an in-memory store: no screen or rule of its own. A repeating group with a minimum, a
consent a field's answer asks for, a statement a key opens, then Next and Save & Exit."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from core.forms.spec import StepSpec, load_step
from core.kernel.context import AppContext
from core.packets.program import load_program
from tests.helpers.memory_target import OPENED, MemoryTarget
from tests.pilot_helpers import screen_text, wait_until
from tui.kit.declared_step import DeclaredStep
from tui.kit.declared_wizard import DeclaredWizard
from tui.kit.step_wizard import StepWizard

DECLARATION = """
id = "pets"
title = "Pets"
statuses = { open = "Open" }

[wizard]
title = "Pets"
finish = "Finish"
records = "tests.helpers.memory_target:opened"

[[steps]]
id = "pets"
title = "Pets"
kind = "form"

  [[steps.readings]]
  key = "f3"
  title = "Pet Policy"
  text = "ifm/texts/proxy_statement.txt"

  [[steps.sections]]
  title = "Owner"

    [[steps.sections.fields]]
    name = "owner"
    label = "Owner"
    required = true

    [[steps.sections.fields]]
    name = "visit"
    label = "Visit"
    type = "choice"
    options = ["Online", "In person"]
    required = true
    consent = { when = { field = "visit", equals = "In person" }, flag = "rules_ok", title = "House Rules", text = "ifm/texts/proxy_statement.txt", agree = "Agree", accepted = "Rules accepted.", pending = "Rules not accepted yet." }

  [[steps.sections]]
  title = "Pets"

    [[steps.sections.fields]]
    name = "pets"
    label = "Pets"
    type = "group"
    row_label = "Pet"
    min_rows = 1
    too_few = "Add at least one pet."

      [[steps.sections.fields.fields]]
      name = "name"
      label = "Pet Name"
      required = true

[[steps]]
id = "done"
title = "Done"
kind = "form"

  [[steps.sections]]
  title = "Notes"

    [[steps.sections.fields]]
    name = "notes"
    label = "Notes"
"""
STEPS: tuple[StepSpec, ...] = tuple(load_step(s) for s in tomllib.loads(DECLARATION)["steps"])


def house_rules(spec: StepSpec, values: dict[str, Any]) -> dict[str, str]:
    """The one rule of this program only code says: in person, the house rules are accepted."""
    if spec.id == "pets" and values.get("visit") == "In person" and values.get("rules_ok") != "true":
        return {"visit": "Accept the house rules."}
    return {}


STORE = MemoryTarget(STEPS, check=house_rules)


async def test_a_program_declared_as_data_runs_on_the_kit_wizard(sqlite_ctx: AppContext, tmp_path: Path) -> None:
    from tui.app import make_app

    path = tmp_path / "pets.toml"
    path.write_text(DECLARATION, encoding="utf-8")
    OPENED.append(STORE)
    pets = DeclaredWizard(load_program(path))  # no screen of its own: every step is a DeclaredStep
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(100, 40)) as pilot:
        pets.show_step(app, None, STORE.record, 0)  # type: ignore[arg-type]
        await wait_until(pilot, lambda: isinstance(app.screen, DeclaredStep) and "Pets · 1/2 Pets" in screen_text(app))
        step = app.screen
        assert "F3 Pet Policy" in screen_text(app)
        await pilot.press("f3")  # the declared statement
        await wait_until(pilot, lambda: app.screen is not step and "Proxy Statement" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is step)

        await pilot.press(*"Ann", "tab", *"in person", "tab")  # leaving Visit opens the consent
        await wait_until(pilot, lambda: app.screen is not step and "House Rules" in screen_text(app))
        await pilot.press("enter")  # Agree has the focus
        await wait_until(pilot, lambda: app.screen is step and "Rules accepted." in screen_text(app))

        await pilot.press("f8")  # no pet yet: the group's minimum, said at the group
        await wait_until(pilot, lambda: "Add at least one pet." in screen_text(app))
        assert STORE.saves == []
        step.query_one("#f-pets-add").press()
        await wait_until(pilot, lambda: app.screen is not step and "Pet Name" in screen_text(app))
        await pilot.press(*"Rex", "enter")
        await wait_until(pilot, lambda: app.screen is step and "Rex" in screen_text(app))

        await pilot.press("f8")
        await wait_until(pilot, lambda: "Pets · 2/2 Done" in screen_text(app))
        assert STORE.record.answers["pets"] == {
            "owner": "Ann", "visit": "In person", "rules_ok": "true", "pets": [{"name": "Rex"}]}
        assert "Finish" in screen_text(app)
        await pilot.press("f10")  # Save & Exit leaves the wizard
        await wait_until(pilot, lambda: not isinstance(app.screen, StepWizard))
    assert STORE.saves == [("pets", True), ("done", False)]
