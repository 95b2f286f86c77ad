"""Step 3: HRA, optional language/ethnicity/identity, spouse and dependents (at most 19 besides the applicant)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Static

from core.enrollment.steps import MEMBER, group
from core.forms.fields import can_add_row
from tui.enrollment.wizard import FormStep
from tui.kit.row_table import RowTable


class HouseholdStep(FormStep):
    """HRA, identity, Spouse and Dependents."""

    STEP = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = RowTable(("Relationship", "First Name", "Last Name", "DOB", "Sex", "Tobacco"), id="members")

    def compose_body(self) -> ComposeResult:
        yield self.form
        yield Static(Text("Spouse and Dependents", style="bold"), classes="section-title")
        yield Static(Text("Spouse and dependent information should be completed before the next step. "
                          "Enter edits the highlighted person, Delete removes them.", style="dim"))
        yield self.members
        with Horizontal(classes="buttons"):
            yield Button("+ Add Spouse", id="add-spouse", compact=True)
            yield Button("+ Add Dependent", id="add-dependent", compact=True)

    def after_mount(self) -> None:
        self.refresh_members()
        super().after_mount()

    @property
    def people(self) -> list[dict[str, Any]]:
        return self.values.setdefault("members", [])  # type: ignore[no-any-return]

    def refresh_members(self) -> None:
        self.members.set_rows([
            (m.get("relationship", ""), m.get("first_name") or "-", m.get("last_name") or "-", m.get("birth_date", ""),
             m.get("sex", ""), m.get("tobacco", "")) for m in self.people])
        self.query_one("#add-spouse", Button).disabled = any(m.get("relationship") == "Spouse" for m in self.people)

    def edit_member(self, index: int | None, relationship: str = "Child") -> None:
        from tui.kit.form_modal import FormModal

        full = can_add_row(group("household", "members"), self.people) if index is None else None
        if full:
            self.notify(full, severity="warning")
            return
        current = dict(self.people[index]) if index is not None else {"relationship": relationship, "tobacco": "No"}

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if index is None:
                self.people.append(values)
            else:
                self.people[index] = {**self.people[index], **values}
            self.refresh_members()
            self.changed()
            self.members.focus()

        self.app.push_screen(FormModal(MEMBER, current, self.today), saved)

    def on_row_table_remove(self, event: RowTable.Remove) -> None:
        self.people.pop(event.index)
        self.refresh_members()
        self.changed()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.members:
            self.edit_member(self.members.index)
            return True
        return super().on_enter_pressed(focused)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-spouse":
            self.edit_member(None, "Spouse")
        elif event.button.id == "add-dependent":
            self.edit_member(None, "Child")
        else:
            await super().on_button_pressed(event)
