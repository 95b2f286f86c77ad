"""What every onboarding tab body shares: its step, the values it holds, focus order and problems."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input

from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.packets.packets import PacketView
from tui.kit.step_form import StepForm


class TabBody(VerticalScroll):
    """One tab's content; posts Changed when the person edits something."""

    @dataclass
    class Changed(Message):
        body: TabBody

    def __init__(self, step: StepSpec, view: PacketView, *, editable: bool, today: date) -> None:
        super().__init__(id=f"body-{step.id}", classes="tab-body")
        self.step = step
        self.view = view
        self.editable = editable
        self.today = today
        self.dirty = False

    def values(self) -> dict[str, Any]:
        """The values to save, read from the widgets (keys typed in a burst may not have posted yet)."""
        return {}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show values restored from a draft."""

    def focusables(self) -> list[Widget]:
        """The fields Enter walks through, in order."""
        return [w for w in self.query("Input, Checkbox, DataTable").results() if w.focusable]

    def first_focus(self) -> Widget | None:
        if self.step.text:
            return self  # a tab with text to read starts on the text: arrows and PgDn scroll it
        found = self.focusables()
        return found[0] if found else None

    def has_changes(self) -> bool:
        """Whether the widgets hold something other than what is saved (drafts and autosave ask this)."""
        saved = self.view.answers.get(self.step.id, {})
        return any(_plain(value) != _plain(saved.get(name)) for name, value in self.values().items())

    def show_problems(self, problems: dict[str, str]) -> None:
        """Show every problem beside its field (an empty dict clears them)."""

    def focus_problem(self, problems: dict[str, str]) -> None:
        """Move to the first field with a problem, so it scrolls into view."""
        form = getattr(self, "form", None)
        if not isinstance(form, StepForm):
            return
        row = next((r for n, r in form.rows.items() if n in problems and r.control is not None), None)
        if row is not None and row.control is not None:
            row.control.focus(scroll_visible=False)
            # Once the error lines have taken their room (a layout or two later), so the whole row,
            # message included, comes into view.
            for delay in (0.05, 0.25):
                self.set_timer(delay, lambda row=row: row.scroll_visible(animate=False))

    def update_view(self, view: PacketView) -> None:
        self.view = view

    def mark_changed(self) -> None:
        self.dirty = True
        self.post_message(self.Changed(self))

    def live_check(self, form: StepForm) -> None:
        """Re-check every filled field of the form with the step's rules, other tabs' answers included."""
        answers = {**self.view.answers, self.step.id: form.values}
        problems = step_problems(form.step, form.values, self.today, answers)
        for name, row in form.rows.items():
            if str(form.values.get(name) or "").strip() and row.editable:
                row.show_problem(problems.get(name))


def is_field(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, Checkbox, DataTable))


def _plain(value: Any) -> Any:
    """Unset, empty and unchecked are the same answer."""
    if value in (None, "", "false", []):
        return ""
    return value if isinstance(value, list) else str(value)
