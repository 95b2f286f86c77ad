"""Step 5: Coverage Replacement (Know Your Rights), Other Coverage, Proxy (with its statement)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Static

from core.enrollment import catalog
from core.enrollment.steps import (
    COVERAGE_DEFAULTS,
    OTHER_COVERAGE,
    REPLACEMENT,
    coverage_step,
    replacement_shown,
)
from core.forms.spec import StepSpec
from tui.enrollment.wizard import FormStep
from tui.kit.row_table import RowTable
from tui.kit.step_form import StepForm

LISTS: dict[str, tuple[str, StepSpec, tuple[str, ...]]] = {
    "replacements": ("replacing", REPLACEMENT, ("person", "company", "policy", "termination")),
    "others": ("other_coverage", OTHER_COVERAGE, ("person", "policy_name", "member_number", "group_id")),
}


class CoverageStep(FormStep):
    """Coverage Replacement, Other Coverage and Proxy Information."""

    STEP = 4
    BINDINGS = [
        Binding("f3", "rights", "Know Your Rights", priority=True, id="enroll-know-your-rights"),
        Binding("f4", "proxy", "Proxy Statement", priority=True, id="enroll-proxy-statement"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.replacing = replacement_shown(self.answers)  # not on Dental forms in the states data names
        self.tables = {
            "replacements": RowTable(("Covered Person", "Insurance Company", "Policy Number", "Termination"),
                                     id="replacements"),
            "others": RowTable(("Applicant Name", "Name on Policy", "Member Number", "Group ID"), id="others"),
        }

    def form_spec(self) -> StepSpec:
        spec = coverage_step(self.answers)
        for name, value in COVERAGE_DEFAULTS.items():
            if name in {f.name for f in spec.fields}:
                self.values.setdefault(name, value)
        return spec

    def compose_body(self) -> ComposeResult:
        yield Static(Text("F3 Know Your Rights When You Replace Coverage · F4 Proxy Statement", style="dim"))
        yield self.form
        for key, table in self.tables.items():
            label = "Coverage being replaced" if key == "replacements" else "Other coverage"
            yield Static(Text(label, style="bold"), classes=f"section-title list-{key}")
            yield table
            with Horizontal(classes=f"buttons list-{key}"):
                yield Button(f"Add {label.lower()}", id=f"add-{key}", compact=True)

    def after_mount(self) -> None:
        for key in self.tables:
            self.refresh_list(key)
        self.show_lists()
        super().after_mount()

    def rows(self, key: str) -> list[dict[str, Any]]:
        return self.values.setdefault(key, [])  # type: ignore[no-any-return]

    def refresh_list(self, key: str) -> None:
        fields = LISTS[key][2]
        self.tables[key].set_rows([tuple(str(r.get(f, "")) or "-" for f in fields) for r in self.rows(key)])

    def show_lists(self) -> None:
        values = self.form.values
        for key, (flag, _spec, _fields) in LISTS.items():
            shown = str(values.get(flag, "No")).lower().startswith("y") and (self.replacing or flag != "replacing")
            self.tables[key].display = shown
            for widget in self.query(f".list-{key}"):
                widget.display = shown

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        if event.name in ("replacing", "other_coverage"):
            self.show_lists()

    def edit(self, key: str, index: int | None) -> None:
        from tui.kit.form_modal import FormModal

        rows = self.rows(key)
        current = dict(rows[index]) if index is not None else {}

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            if index is None:
                rows.append(values)
            else:
                rows[index] = values
            self.refresh_list(key)
            self.tables[key].focus()

        self.app.push_screen(FormModal(LISTS[key][1], current, self.today), saved)

    def on_row_table_remove(self, event: RowTable.Remove) -> None:
        key = next(k for k, t in self.tables.items() if t is event.table)
        self.rows(key).pop(event.index)
        self.refresh_list(key)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        for key, table in self.tables.items():
            if focused is table:
                self.edit(key, table.index)
                return True
        return super().on_enter_pressed(focused)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        key = (event.button.id or "").removeprefix("add-")
        if key in self.tables:
            self.edit(key, None)
        else:
            await super().on_button_pressed(event)

    def action_rights(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        self.app.push_screen(EnrollTextModal("Know Your Rights When You Replace Coverage", catalog.text("know_your_rights")))

    def action_proxy(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        self.app.push_screen(EnrollTextModal("Proxy Statement", catalog.text("proxy_statement")))

