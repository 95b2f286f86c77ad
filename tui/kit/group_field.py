"""A repeating group (household members, life events, replaced coverage): rows, add, edit, remove.

Its limits come from the declaration and are said by core (can_add_row / can_remove_row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from core.forms.fields import can_add_row, can_remove_row
from core.forms.spec import FieldSpec
from tui.kit.error_line import ErrorLine
from tui.kit.row_table import RowTable

COLUMNS = 5


class GroupField(Vertical):
    """Enter edits the highlighted row, Delete removes it, the Add button adds one; posts Changed."""

    DEFAULT_CSS = "GroupField { height: auto; }"

    @dataclass
    class Changed(Message):
        group: GroupField

    def __init__(self, spec: FieldSpec, rows: list[dict[str, Any]], *, editable: bool, id: str, titled: bool = True) -> None:
        super().__init__(classes="group-field")
        self.spec = spec
        self.titled = titled
        """False when the group is its section's only field: the section's title names it."""
        self.rows: list[dict[str, Any]] = [dict(r) for r in rows]
        self.editable = editable
        by_name = {f.name: f for f in spec.fields}
        shown = [by_name[name] for name in spec.columns] if spec.columns else \
            [f for f in spec.fields if f.type not in ("checkbox",)][:COLUMNS]
        self.columns = shown
        self.table = RowTable(tuple(f.label for f in shown), id=id)
        self.message = ErrorLine()
        self.add = Button(f"+ Add {spec.row_label or 'row'}", id=f"{id}-add", compact=True, disabled=not editable)

    def compose(self) -> ComposeResult:
        if self.titled:
            yield Static(Text(self.spec.label + (" *" if self.spec.min_rows else ""), style="bold"), classes="section-title")
        if self.spec.help:
            yield Static(Text(self.spec.help, style="dim"), classes="section-note")
        yield self.table
        yield self.message
        if self.editable:
            with Horizontal(classes="buttons"):
                yield self.add

    def on_mount(self) -> None:
        self.call_after_refresh(self.refresh_rows)

    @property
    def disabled_for_keys(self) -> bool:
        return not self.editable

    def refresh_rows(self) -> None:
        self.table.set_rows([[_cell(f, r.get(f.name)) for f in self.columns] for r in self.rows])

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = [dict(r) for r in rows]
        self.refresh_rows()

    def edit(self, index: int | None) -> None:
        """Open the row's form (a new row when index is None)."""
        from tui.kit.form_modal import FormModal

        if not self.editable:
            return
        if index is None:
            problem = can_add_row(self.spec, self.rows)
            if problem:
                self.message.update(problem)
                return
        current = dict(self.rows[index]) if index is not None else {f.name: f.default for f in self.spec.fields if f.default}
        today = getattr(self.screen, "today", None)

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if index is None:
                self.rows.append(values)
            else:
                self.rows[index] = {**self.rows[index], **values}
            self.message.update("")
            self.refresh_rows()
            self.post_message(self.Changed(self))
            self.table.focus()

        self.app.push_screen(FormModal(self.spec.row_step, current, today), saved)

    def on_row_table_remove(self, event: RowTable.Remove) -> None:
        event.stop()
        if not self.editable:
            return
        problem = can_remove_row(self.spec, self.rows)
        if problem:
            self.message.update(problem)
            return
        self.rows.pop(event.index)
        self.message.update("")
        self.refresh_rows()
        self.post_message(self.Changed(self))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button is self.add:
            event.stop()
            self.edit(None)

    def enter(self) -> bool:
        """Enter on the table edits its highlighted row (or adds the first one)."""
        self.edit(self.table.index)
        return True


def _cell(spec: FieldSpec, value: Any) -> str:
    if value is None or value == "":
        return "-"
    if spec.pii:
        text = str(value)
        return "•" * 5 + text[-4:] if spec.type in ("ssn", "tin", "ein") else "•" * min(len(text), 8)
    return str(value)
