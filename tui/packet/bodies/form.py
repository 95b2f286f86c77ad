"""A form step: the step's text, its fields drawn by the form renderer, upload panels for upload fields."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Static

from core.forms.spec import StepSpec
from core.kernel.config import data_file
from core.packets.documents import render
from core.packets.program import DocumentSpec
from tui.kit.document_view import document_text
from tui.kit.step_form import StepForm
from tui.kit.upload import UploadPanel
from tui.packet.bodies.base import StepBody

if TYPE_CHECKING:
    from core.packets.uploads import UploadInfo
    from tui.packet.program_screen import ProgramScreen


def shown_step(step: StepSpec) -> StepSpec:
    """The step as the form draws it: upload fields only show their file (their panel uploads)."""
    sections = tuple(
        replace(s, fields=tuple(replace(f, readonly=True) if f.type == "upload" else f for f in s.fields))
        for s in step.sections
    )
    return replace(step, sections=sections)


def text_paragraphs(path: str) -> list[Static]:
    """A step's text file as paragraphs ("# " lines in bold)."""
    text = data_file(path).read_text(encoding="utf-8")
    found = []
    for chunk in text.strip().split("\n\n"):
        line = " ".join(chunk.split())
        style = "bold" if line.startswith("#") else ""
        found.append(Static(Text(line.lstrip("# "), style=style), classes="card-text"))
    return found


class FormBody(StepBody):
    """Interview questions, a tab of fields, any declared form."""

    kind_id = "form-body"

    def __init__(self, screen: ProgramScreen, step: StepSpec, *, tabbed: bool, uploads: dict[str, UploadInfo] | None = None) -> None:
        super().__init__(screen, step, tabbed=tabbed)
        values = dict(self.view.answers.get(step.id, {}))
        self.form = StepForm(shown_step(step), values, editable=self.editable, answers=self.view.answers,
                             id=f"form-{step.id}" if tabbed else "step-form", today=screen.today)
        self.panels = [
            UploadPanel(spec, f"{step.id}.{spec.name}", (uploads or {}).get(f"{step.id}.{spec.name}"), editable=self.editable)
            for spec in step.fields if spec.type == "upload"
        ]
        self.status = Static("", id="form-status", classes="status-line")
        self.extra: StepForm | None = None
        """A read-only step shown first (the identity a reviewer checks on the first tab)."""

    def compose(self) -> ComposeResult:
        if self.step.text and self.tabbed:
            document = render(DocumentSpec(id=self.step.id, title=self.step.title, template=self.step.text,
                                           signature="review"), {})
            yield Static(document_text(document), classes="tab-text document")
        elif self.step.text:
            yield from text_paragraphs(self.step.text)
        if self.extra is not None:
            yield self.extra
        yield self.form
        yield from self.panels

    def on_mount(self) -> None:
        for panel in self.panels:
            self.form.rows[panel.spec.name].display = False  # the panel shows the file instead

    def buttons(self) -> list[Widget]:
        return [Button("Back", id="back", compact=True), Button("Continue", id="continue", variant="primary", compact=True),
                self.status]

    def values(self) -> dict[str, Any]:
        return self.form.sync_from_widgets() if self.editable else {}

    def set_values(self, values: dict[str, Any]) -> None:
        self.form.set_values(values)

    def focusables(self) -> list[Widget]:
        found: list[Widget] = list(self.form.inputs)
        found += [p.path for p in self.panels if self.editable]
        return found

    def passed_by_enter(self, widget: Widget | None) -> bool:
        return widget is not None and self.form.passed_by_enter(widget)

    def first_focus(self) -> Widget | None:
        if self.step.text and self.tabbed:
            return self  # a tab with text to read starts on the text: arrows and PgDn scroll it
        return super().first_focus()

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        for panel in self.panels:
            panel.show_problem(problems.get(panel.spec.name))

    def focus_problem(self, problems: dict[str, str]) -> None:
        row = next((r for n, r in self.form.rows.items()
                    if (n in problems or any(k.startswith(f"{n}.") for k in problems)) and r.control is not None), None)
        if row is not None and row.control is not None:
            row.control.focus(scroll_visible=False)
            # Once the error lines have taken their room, so the whole row, message included, shows.
            for delay in (0.05, 0.25):
                self.set_timer(delay, lambda row=row: row.scroll_visible(animate=False))

    def update_view(self, view: Any) -> None:
        self.form.answers = view.answers
        for panel in self.panels:
            value = view.answers.get(self.step.id, {}).get(panel.spec.name)
            self.form.values[panel.spec.name] = value

    def upload_panel(self, focused: Widget | None) -> UploadPanel | None:
        return next((p for p in self.panels if focused is p.path), self.panels[0] if self.panels else None)

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        event.stop()
        self.mark_changed()
