"""A made-up program's step declared in TOML alone, drawn by the kit: an option field over a named lookup
(typed by label, stored by value), notes that follow the answers as they are typed, a record field with one
input per key a named computation gives (restricted, its section shown while a live predicate holds, a
button copying one value to every key) and a search that fills the focused key. No screen of its own; the
names below stand for the small core module such a program would bring."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from typing import Any

from textual.widgets import Input

from core.demo import demo_actor
from core.forms.fields import settled
from core.forms.lookups import filled
from core.forms.registry import Match, computation_named, lookup_named, predicate_named
from core.forms.spec import load_step
from core.kernel.context import AppContext
from tests.helpers.memory_target import MemoryTarget, Record
from tests.pilot_helpers import screen_text, wait_until
from tui.kit.declared_step import DeclaredStep
from tui.kit.host import HostApp
from tui.kit.step_wizard import StepWizard, WizardProgram

DECLARATION = """
[[steps]]
id = "stay"
title = "Stay"
kind = "form"

  [[steps.searches]]
  key = "f6"
  label = "Vets"
  title = "Vets near {owner.city}"
  lookup = "boarding.vets"
  into = "chips"
  refused = "Only the Play Room keeps chip numbers."

  [[steps.sections]]

    [[steps.sections.fields]]
    name = "where"
    type = "note"
    text = "Boarding in {owner.city|-}"

    [[steps.sections.fields]]
    name = "room_id"
    label = "Room"
    type = "option"
    lookup = "boarding.rooms"
    unknown = "No room by that name."

    [[steps.sections.fields]]
    name = "price"
    type = "note"
    text = "[dim]Nightly [/]{=boarding.nightly|-}"

  [[steps.sections]]
  title = "Chips"
  shown_when = { predicate = "boarding.play_room", follows = ["room_id"] }

    [[steps.sections.fields]]
    name = "chips"
    label = "Chip numbers"
    type = "record"
    max_length = 4
    restrict = "\\\\d*"
    record = { keys = "boarding.dogs", label = "{key} chip", same = "Same Chip for All" }

[[steps]]
id = "done"
title = "Done"
kind = "form"
"""
ROOMS = {"R1": ("Quiet Room", Decimal("30.00")), "R2": ("Play Room", Decimal("45.00"))}


@lookup_named("boarding.rooms")
def rooms(query: str, answers: dict[str, dict[str, Any]]) -> list[Match]:
    return [Match(name, key) for key, (name, _) in ROOMS.items() if query.lower() in name.lower()]


@lookup_named("boarding.vets")
def vets(query: str, answers: dict[str, dict[str, Any]]) -> list[Match]:
    city = answers.get("owner", {}).get("city", "")
    return [Match(f"{number} · Dr. Paws · {city}", number) for number in ("0042", "0077") if query in number]


@computation_named("boarding.dogs")
def dogs(answers: dict[str, dict[str, Any]], today: date) -> list[str]:
    return str(answers.get("owner", {}).get("dogs", "")).split(",")


@computation_named("boarding.nightly")
def nightly(answers: dict[str, dict[str, Any]], today: date) -> Decimal | None:
    room = ROOMS.get(answers.get("stay", {}).get("room_id", ""))
    return room[1] * len(dogs(answers, today)) if room else None


@predicate_named("boarding.play_room")
def play_room(answers: dict[str, dict[str, Any]]) -> bool:
    return answers.get("stay", {}).get("room_id") == "R2"


STEPS = tuple(load_step(s) for s in tomllib.loads(DECLARATION)["steps"])
OWNER = {"city": "Helena", "dogs": "Rex,Fido"}


def test_a_note_fills_answers_and_computations_and_the_first_alternative_with_a_value() -> None:
    answers = {"owner": OWNER, "stay": {"room_id": "R2"}}
    today = date(2026, 11, 24)
    assert filled("Boarding in {owner.city|-}", answers, today) == "Boarding in Helena"
    assert filled("Boarding in {owner.town|-}", answers, today) == "Boarding in -"
    assert filled("[dim]Nightly [/]{=boarding.nightly|-}", answers, today) == "[dim]Nightly [/]$90.00"  # 2 x 45
    assert filled("{owner.city}", {"owner": {"city": "[b]"}}, today, lambda s: s.upper()) == "[B]"


def test_a_predicate_that_follows_its_own_steps_answers_is_not_settled() -> None:
    stay = settled(STEPS[0], {"owner": OWNER, "stay": {}})
    assert [s.title for s in stay.sections] == ["", "Chips"]  # kept, and still conditional
    assert stay.sections[1].shown_when is not None and stay.sections[1].shown_when.predicate == "boarding.play_room"


async def test_a_made_up_program_declares_an_option_notes_and_a_record_with_its_search(sqlite_ctx: AppContext) -> None:
    from tui.app import make_app

    class Boarding(WizardProgram):
        title = "Boarding"
        steps = STEPS
        store = MemoryTarget(STEPS, record=Record({"owner": dict(OWNER)}))

        def target(self, app: HostApp, actor: Any, view: Any) -> MemoryTarget:
            return self.store

        def screen_for(self, actor: Any, view: Any, index: int) -> StepWizard:
            return BoardingStep(actor, view, index)

    class BoardingStep(DeclaredStep):
        pass

    program = Boarding()
    BoardingStep.PROGRAM = program
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        program.show_step(app, actor, program.store.record, 0)
        await wait_until(pilot, lambda: isinstance(app.screen, BoardingStep) and "Boarding in Helena" in screen_text(app))
        step = app.screen
        assert "Nightly -" in screen_text(app) and "Same Chip for All" not in screen_text(app)
        await pilot.press("f6")  # no chips asked for yet: the search says why it does not apply
        await wait_until(pilot, lambda: "Only the Play Room keeps chip numbers." in screen_text(app))

        room = step.query_one("#f-room_id", Input)
        room.focus()
        await pilot.press(*"Play Room")
        await wait_until(pilot, lambda: "Nightly $90.00" in screen_text(app) and "Same Chip for All" in screen_text(app))
        assert "Rex chip" in screen_text(app) and "Fido chip" in screen_text(app)
        await pilot.press("backspace")
        await wait_until(pilot, lambda: "No room by that name." in screen_text(app) and "Nightly -" in screen_text(app))
        assert "Same Chip for All" not in screen_text(app)  # the section follows the room typed
        await pilot.press("m")

        fido = step.query_one("#chips-1", Input)
        await wait_until(pilot, lambda: fido.display and "Same Chip for All" in screen_text(app))
        fido.focus()
        await pilot.press(*"1a2")
        assert fido.value == "12"  # digits only
        await pilot.press("f6")
        await wait_until(pilot, lambda: app.screen is not step and "Vets near Helena" in screen_text(app))
        await pilot.press(*"77", "enter")
        await wait_until(pilot, lambda: app.screen is step and fido.value == "0077")
        step.query_one("#same-chips").focus()
        await pilot.press("enter")  # the focus on the button: the first filled value goes to every dog
        await wait_until(pilot, lambda: step.query_one("#chips-0", Input).value == "0077")

        await pilot.press("f8")
        await wait_until(pilot, lambda: "Boarding · 2/2 Done" in screen_text(app))
    saved = program.store.record.answers["stay"]
    assert saved == {"room_id": "R2", "chips": {"Rex": "0077", "Fido": "0077"}}  # the notes are not kept
