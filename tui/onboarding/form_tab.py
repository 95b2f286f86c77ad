"""A tab drawn by the generic form renderer, with the step's text above it and an upload panel below."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Static

from core.forms.spec import StepSpec
from core.packets.documents import render
from core.packets.packets import PacketView
from core.packets.program import DocumentSpec
from core.packets.uploads import UploadInfo
from tui.kit.document_view import document_text
from tui.kit.step_form import StepForm
from tui.onboarding.tab_body import TabBody
from tui.onboarding.upload import UploadPanel


def shown_values(step: StepSpec, values: dict[str, Any], editable: bool) -> dict[str, Any]:
    """Read-only checkboxes say Yes or No rather than true or false."""
    if editable:
        return dict(values)
    boxes = {f.name for f in step.fields if f.type == "checkbox"}
    return {k: ("Yes" if v == "true" else "No") if k in boxes else v for k, v in values.items()}


def identity_step(step: StepSpec) -> StepSpec:
    """The lookup step as the reviewer sees it: a heading, no instructions for the producer."""
    return replace(step, sections=tuple(replace(s, title="Producer Database lookup", note="") for s in step.sections))


def shown_step(step: StepSpec) -> StepSpec:
    """The step as the form draws it: upload fields only show their file (the panel uploads)."""
    sections = tuple(
        replace(s, fields=tuple(replace(f, readonly=True) if f.type == "upload" else f for f in s.fields))
        for s in step.sections
    )
    return replace(step, sections=sections)


class FormTab(TabBody):
    """General, Background, E&O, Banking, Code of Conduct, and the reviewer's identity section."""

    def __init__(
        self, step: StepSpec, view: PacketView, *, editable: bool, today: date,
        upload: UploadInfo | None = None, extra: StepSpec | None = None,
    ) -> None:
        super().__init__(step, view, editable=editable, today=today)
        self.extra = StepForm(identity_step(extra), shown_values(extra, view.answers.get(extra.id, {}), False),
                              editable=False, id=f"form-{extra.id}") if extra else None
        """A read-only step shown first (the PDB identity on the reviewer's General tab)."""
        self.form = StepForm(shown_step(step), shown_values(step, view.answers.get(step.id, {}), editable),
                             editable=editable, answers=view.answers, id=f"form-{step.id}")
        spec = next((f for f in step.fields if f.type == "upload"), None)
        self.upload = UploadPanel(spec, f"{step.id}.{spec.name}", upload, editable=editable) if spec else None

    def compose(self) -> ComposeResult:
        if self.step.text:
            document = render(DocumentSpec(id=self.step.id, title=self.step.title, template=self.step.text,
                                           signature="review"), {})
            yield Static(document_text(document), classes="tab-text document")
        if self.extra is not None:
            yield self.extra
        yield self.form
        if self.upload is not None:
            yield self.upload

    def on_mount(self) -> None:
        if self.upload is not None:
            self.form.rows[self.upload.spec.name].display = False  # the panel shows the file instead

    def values(self) -> dict[str, Any]:
        return self.form.sync_from_widgets() if self.editable else {}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            row = self.form.rows.get(name)
            if row is not None and isinstance(row.control, Input):
                row.control.value = str(value or "")
        self.form.values.update({k: v for k, v in values.items() if k in self.form.rows})

    def focusables(self) -> list[Widget]:
        found = list(self.form.inputs)
        if self.upload is not None and self.editable:
            found.append(self.upload.path)
        return found

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        if self.upload is not None:
            self.upload.show_problem(problems.get(self.upload.spec.name))

    def update_view(self, view: PacketView) -> None:
        super().update_view(view)
        if self.upload is not None:
            name = self.upload.spec.name
            row = self.form.rows.get(name)
            value = view.answers.get(self.step.id, {}).get(name)
            self.form.values[name] = value
            if row is not None:
                row.query_one(".field-value", Static).update(Text(str(value or "—")))

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        event.stop()
        if event.form is self.form:
            self.live_check(self.form)
            self.mark_changed()
