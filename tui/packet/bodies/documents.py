"""Review and Sign (a wizard page) or eSignature (a tab): consent first, then each document, then Finish.

The consent's confirmation code is checked in core (signing.give_consent); this only draws it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Static

from core.forms.fields import step_problems
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.packets import packets, progress, signing
from core.packets.documents import DocumentState, render
from core.packets.program import DocumentSpec
from tui.kit.document_view import document_text
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm
from tui.packet.bodies.base import StepBody

if TYPE_CHECKING:
    from core.packets.packets import PacketView


def disclosure_text(text: str) -> Text:
    """The disclosure with its headings in bold (the file uses the document template's # marks)."""
    shown = Text()
    for chunk in text.strip().split("\n\n"):
        line = " ".join(chunk.split())
        if line.startswith("#"):
            shown.append(line.lstrip("# ") + "\n\n", style="bold")
        else:
            shown.append(line + "\n\n")
    shown.rstrip()
    return shown


def _shown(states: list[DocumentState]) -> list[tuple[str, str, str, bool]]:
    """What the documents table and the tabs' completion show of each document."""
    return [(s.spec.id, s.spec.title, s.status_text, s.done) for s in states]


class DocumentsBody(StepBody):
    """Lists documents; I Agree first; Enter opens a document; Finish or Continue when all are done."""

    kind_id = "documents-body"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.states: list[DocumentState] = []
        self.consent_text = self.view.program.consent_text()
        self.code = Input(id="consent-code", compact=True, max_length=8, select_on_focus=False)
        self.consent_error = ErrorLine(id="consent-error")
        self.missing = ErrorLine(id="esign-missing" if self.tabbed else "missing")
        self.table: DataTable[str | Text] = DataTable(
            cursor_type="row", id="esign-documents" if self.tabbed else "documents", zebra_stripes=False)
        self.form = StepForm(self.step, self.view.answers.get(self.step.id, {}), editable=self.editable,
                             answers=self.view.answers, id=f"form-{self.step.id}", today=self.host.today) \
            if self.step.fields else None

    @property
    def consented(self) -> bool:
        return self.view.consent_version == self.view.program.consent_version

    @property
    def signing_allowed(self) -> bool:
        """Only the producer in person consents and signs; anyone else sees the documents."""
        from core.identity.permissions import may
        from core.packets.packets import view_facts

        return may(self.host.actor, "packet.sign", view_facts(self.view))

    # --- drawing -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if self.tabbed:
            yield from self._compose_tab()
            return
        yield Static(
            "These documents need your review, and some your electronic signature. "
            "If you find an error, press F5 (Start Over): nothing you entered is lost.",
            classes="card-text",
        )
        yield self.table
        yield self.missing
        with Vertical(id="consent-box", classes="card"):
            yield Static(Text("Electronic records and signatures", style="bold"), classes="card-title")
            yield Static(disclosure_text(self.consent_text), id="consent-text", classes="card-text")
            yield Static(Text(f"Confirmation code: {signing.consent_code(self.consent_text)}", style="bold"),
                         classes="card-text")
            with Horizontal(classes="field-line"):
                yield Static("Type the code *", classes="field-label")
                yield self.code
            yield self.consent_error
            yield Button("I Agree (F8)", id="agree", variant="primary", compact=True)

    def _compose_tab(self) -> ComposeResult:
        if self.form is not None:
            yield self.form
        yield Static(Text("Documents", style="bold"), classes="section-title")
        if self.editable and self.signing_allowed:
            with Vertical(id="consent-box", classes="card"):
                yield Static(Text("Start by consenting to electronic records and signatures.", style="bold"),
                             classes="card-title")
                consent = render(DocumentSpec(id="consent", title="", template=self.view.program.consent_template,
                                              signature="review"), {})
                yield Static(document_text(consent), classes="card-text")
                yield Static(Text(f"Confirmation code: {signing.consent_code(self.consent_text)}", style="bold"),
                             classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Type the code *", classes="field-label")
                    yield self.code
                yield self.consent_error
                yield Button("I Agree", id="esign-agree", variant="primary", compact=True)
        yield self.table
        yield self.missing
        if self.editable and self.signing_allowed:
            with Horizontal(classes="buttons"):
                yield Button("Open next document", id="esign-next", compact=True)
                yield Button("Finish", id="esign-finish", variant="primary", compact=True)

    def buttons(self) -> list[Widget]:
        return [Button("Back", id="back", compact=True), Button("Open next document", id="open-next", compact=True),
                Button(self.continue_label, id="continue", variant="primary", compact=True)]

    @property
    def finishes(self) -> bool:
        """With no Send step after it, Finish here submits the packet (seed 002)."""
        nxt = self.view.program.next_step(self.step.id, self.view.answers)
        return nxt is not None and nxt.kind == "print"

    @property
    def continue_label(self) -> str:
        return "Finish" if self.finishes else "Continue"

    def on_mount(self) -> None:
        if self.tabbed:
            self.table.add_column("Document", width=28)
            self.table.add_column("Status", width=34)
        else:
            self.table.add_column("Name", width=38)
            self.table.add_column("Document Status")
        self.show_consent()

    async def on_shown(self) -> None:
        await self.refresh_documents()
        if self.tabbed:
            return
        problems = packets.problems_before_review(self.view)
        if problems:
            self.missing.update(Text("Complete the Interview Questions first: " + "; ".join(problems.values())))
        if self.consented:
            self.table.focus()
        else:
            # The code, the box and I Agree are last: show them once the layout has the documents listed.
            self.code.focus()
            self.call_after_refresh(lambda: self.scroll_end(animate=False))

    def show_consent(self) -> None:
        for box in self.query("#consent-box"):
            box.display = not self.consented

    async def documents_changed(self) -> None:
        await self.refresh_documents()

    async def refresh_documents(self) -> None:
        app = self.host.papp
        states = await app.run_core(signing.document_states, app.ctx, self.view)
        states = states if self.tabbed else [s for s in states if not s.spec.print_only]
        if self.table.row_count and _shown(states) == _shown(self.states):
            # A visit with nothing signed or changed: redrawing the table and the tab line would
            # cost a second layout of the screen right after the tab switch, for the same picture.
            self.states = states
            return
        self.show_states(states)
        self.host.after_view_change()

    def show_states(self, states: list[DocumentState]) -> None:
        self.states = states
        self.table.clear()
        for state in states:
            self.table.add_row(Text(state.spec.title), Text(state.status_text), key=state.spec.id)

    # --- what a host asks --------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return self.form.sync_from_widgets() if self.form is not None and self.editable else {}

    def set_values(self, values: dict[str, Any]) -> None:
        if self.form is not None:
            self.form.set_values(values)

    def show_problems(self, problems: dict[str, str]) -> None:
        if self.form is not None:
            self.form.show_problems(problems)

    def passed_by_enter(self, widget: Widget | None) -> bool:
        return widget is not None and self.form is not None and self.form.passed_by_enter(widget)

    def focusables(self) -> list[Widget]:
        found: list[Widget] = list(self.form.inputs) if self.form is not None else []
        if self.editable and not self.consented and self.signing_allowed:
            found.append(self.code)
        found.append(self.table)
        return found

    def first_focus(self) -> Widget | None:
        """The first field while the answers are incomplete; then the consent code, then the documents."""
        if self.form is not None and self.editable:
            answers = {**self.view.answers, self.step.id: self.form.values}
            if step_problems(self.step, self.form.values, self.host.today, answers):
                return self.form.first_input()
        return self.code if self.editable and not self.consented and self.signing_allowed else self.table

    def update_view(self, view: PacketView) -> None:
        if self.form is not None:
            self.form.answers = view.answers
        self.show_consent()

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        event.stop()
        self.mark_changed()

    def on_enter(self, focused: Widget | None) -> bool:
        if focused is self.table and self.states:
            self.run_worker(self.open_document(self.states[self.table.cursor_row].spec.id), group="documents")
            return True
        if focused is self.code:
            self.run_worker(self.agree(), group="documents")
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        # Buttons inside the tab's body (the wizard's are under it and reach on_button through the screen).
        action = {"esign-agree": "agree", "esign-next": "open-next", "esign-finish": "finish", "agree": "agree"}.get(
            event.button.id or "")
        if action:
            event.stop()
            self.run_worker(self.on_button(action), group="documents")

    async def on_button(self, button_id: str) -> None:
        if button_id == "agree":
            await self.agree()
        elif button_id == "open-next":
            await self.open_next()
        elif button_id == "finish":
            await self.finish_tab()
        elif button_id == "continue":
            await self.continue_()

    # --- consent and documents ---------------------------------------------------------------
    async def agree(self) -> None:
        app, actor = self.host.papp, self.host.actor
        if actor is None:
            return
        if self.tabbed and not await self.host.save_if_dirty():
            return
        try:
            view = await app.run_core(signing.give_consent, app.ctx, actor, self.view.id, self.code.value)
        except ValidationFailed as exc:
            if "consent_code" in exc.problems:
                self.consent_error.update(exc.problems["consent_code"])
            else:
                steps = sorted({name.partition(".")[0] for name in exc.problems})
                titles = [self.view.program.step(s).title for s in steps if s in {x.id for x in self.view.program.steps}]
                self.consent_error.update("Complete these first, then agree: " + ", ".join(titles) + ".")
            return
        except PacketdeskError as exc:
            self.consent_error.update(Text(str(exc)))
            return
        self.consent_error.update("")
        self.host.set_view(view)
        self.host.refresh_bindings()
        await self.refresh_documents()
        await self.open_next()

    async def open_next(self) -> None:
        if not self.consented:
            self.consent_error.update("Agree to electronic records (I Agree) before opening documents.")
            return
        pending = next((s for s in self.states if not s.done), None)
        if pending is None:
            if self.tabbed:
                await self.finish_tab()
            else:
                self.host.query_one("#continue", Button).focus()
            return
        await self.open_document(pending.spec.id)

    async def open_document(self, document_id: str) -> None:
        from tui.packet.document import DocumentScreen

        state = next((s for s in self.states if s.spec.id == document_id), None)
        if state is None:
            return
        may_sign = self.editable and self.signing_allowed
        if may_sign and not self.consented:
            self.consent_error.update("Agree to electronic records (I Agree) before opening documents.")
            return

        async def after(_result: object) -> None:
            app = self.host.papp
            self.host.set_view(await app.run_core(packets.load, app.ctx, self.host.actor, self.view.id))
            await self.refresh_documents()
            now_done = any(s.spec.id == document_id and s.done for s in self.states)
            if may_sign and now_done:
                await self.open_next()  # Sign moves on to the next document
            elif not self.tabbed and all(s.done for s in self.states):
                self.host.query_one("#continue", Button).focus()

        self.app.push_screen(DocumentScreen(self.view, state, view_only=not may_sign), after)  # type: ignore[arg-type]

    async def finish_tab(self) -> None:
        """Finish on a tab: every document signed or reviewed? Then Submit is next."""
        todo = [s.spec.title for s in self.states if not s.done]
        if todo:
            self.missing.update("Still to sign or review: " + ", ".join(todo) + ".")
            return
        self.missing.update("")
        self.host.say("All documents are signed and reviewed. Press F9 to Submit.", "green")

    async def continue_(self) -> None:
        if not all(s.done for s in self.states):
            missing = [s.spec.title for s in self.states if not s.done]
            self.missing.update(Text("Still to sign or review: " + ", ".join(missing)))
            return
        if not self.finishes:
            await self.host.go_next()  # type: ignore[attr-defined]
            return
        from tui.kit.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.finish_now(), group="documents")

        self.app.push_screen(ConfirmModal(f"Finish and submit {self.view.key}?",
                                          "Your signed documents go to the carrier; the packet can no longer be changed.",
                                          yes="Finish", no="Not yet"), answered)

    async def finish_now(self) -> None:
        app = self.host.papp
        actor = app.actor
        assert actor is not None
        self.missing.update(Text("Submitting: storing your signed documents...", style="bold"))
        try:
            view = await app.run_core(progress.submit, app.ctx, actor, self.view.id)
        except PacketdeskError as exc:
            self.host.show_error(exc)
            return
        self.notify("Submitted. A confirmation email is on its way.")
        app.show_packet_step(view, view.current_step)
