"""The eSignature tab: the agreement and W-9 answers, consent first, then each document, then Finish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Static

from core.forms.fields import step_problems
from core.packets.documents import render
from core.packets.packets import PacketView
from core.packets.program import DocumentSpec
from core.packets.signing import DocumentState
from tui.kit.document_view import document_text
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm
from tui.onboarding.form_tab import shown_values
from tui.onboarding.tab_body import TabBody
from tui.packet.documents_step import consent_code


class EsignTab(TabBody):
    """Posts Requested(action) for the screen to carry out: agree, open, next or finish."""

    @dataclass
    class Requested(Message):
        tab: EsignTab
        action: str
        document_id: str = ""

    def __init__(self, view: PacketView, states: list[DocumentState], *, editable: bool, today: date) -> None:
        super().__init__(view.program.step("esignature"), view, editable=editable, today=today)
        self.states = states
        self.form = StepForm(self.step, shown_values(self.step, view.answers.get(self.step.id, {}), editable),
                             editable=editable, answers=view.answers, id="form-esignature")
        self.consent_text = view.program.consent_text()
        self.code = Input(id="consent-code", compact=True, max_length=8, select_on_focus=False)
        self.consent_error = ErrorLine(id="consent-error")
        self.table: DataTable[Text] = DataTable(id="esign-documents", cursor_type="row")
        self.missing = ErrorLine(id="esign-missing")

    @property
    def consented(self) -> bool:
        return self.view.consent_version == self.view.program.consent_version

    def compose(self) -> ComposeResult:
        yield self.form
        yield Static(Text("Documents", style="bold"), classes="section-title")
        if self.editable:
            with Vertical(id="consent-box", classes="card"):
                yield Static(Text("Start by consenting to electronic records and signatures.", style="bold"),
                             classes="card-title")
                consent = render(DocumentSpec(id="consent", title="", template=self.view.program.consent_template,
                                              signature="review"), {})
                yield Static(document_text(consent), classes="card-text")
                yield Static(Text(f"Confirmation code: {consent_code(self.consent_text)}", style="bold"), classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Type the code *", classes="field-label")
                    yield self.code
                yield self.consent_error
                yield Button("I Agree", id="esign-agree", variant="primary", compact=True)
        yield self.table
        yield self.missing
        if self.editable:
            with Horizontal(classes="buttons"):
                yield Button("Open next document", id="esign-next", compact=True)
                yield Button("Finish", id="esign-finish", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.table.add_column("Document", width=28)
        self.table.add_column("Status", width=34)
        self.show_states(self.states)
        self.show_consent()

    def show_consent(self) -> None:
        if self.editable:
            self.query_one("#consent-box").display = not self.consented

    def show_states(self, states: list[DocumentState]) -> None:
        self.states = states
        self.table.clear()
        for state in states:
            self.table.add_row(Text(state.spec.title), Text(state.status_text), key=state.spec.id)

    def selected_document(self) -> str:
        return self.states[self.table.cursor_row].spec.id if self.states else ""

    def values(self) -> dict[str, Any]:
        return self.form.sync_from_widgets() if self.editable else {}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            row = self.form.rows.get(name)
            if row is not None and isinstance(row.control, Input):
                row.control.value = str(value or "")

    def focusables(self) -> list[Widget]:
        found: list[Widget] = list(self.form.inputs)
        if self.editable and not self.consented:
            found.append(self.code)
        found.append(self.table)
        return found

    def first_focus(self) -> Widget | None:
        """The first field while the answers are incomplete; then the consent code, then the documents."""
        answers = {**self.view.answers, self.step.id: self.form.values}
        if not self.editable or not step_problems(self.step, self.form.values, self.today, answers):
            return self.code if self.editable and not self.consented else self.table
        return super().first_focus()

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)

    def update_view(self, view: PacketView) -> None:
        super().update_view(view)
        self.show_consent()

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        event.stop()
        self.live_check(self.form)
        self.mark_changed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"esign-agree": "agree", "esign-next": "next", "esign-finish": "finish"}.get(event.button.id or "")
        if action:
            self.post_message(self.Requested(self, action))
