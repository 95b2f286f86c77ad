"""Review and Sign: the documents with their statuses, and the consent that comes before any of them."""

from __future__ import annotations

import hashlib

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Static

from core.forms.spec import StepSpec
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.packets import packets, signing
from core.packets.packets import PacketView
from core.packets.signing import DocumentState
from tui.kit.base import PacketStepScreen
from tui.kit.error_line import ErrorLine


def consent_code(text: str) -> str:
    """A code printed inside the disclosure; typing it back shows the signer can read the records."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:4].upper()


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


class DocumentsStepScreen(PacketStepScreen):
    """Lists documents; I Agree first; Enter opens a document; Continue when all are done."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("f8", "agree", "I Agree", priority=True, id="agree"),
    ]

    def __init__(self, view: PacketView, step: StepSpec) -> None:
        super().__init__(view, step)
        self.states: list[DocumentState] = []
        self.consent_text = view.program.consent_text()
        self.table: DataTable[str | Text] = DataTable(cursor_type="row", id="documents", zebra_stripes=False)

    @property
    def consented(self) -> bool:
        return self.view.consent_version == self.view.program.consent_version

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="documents-body", classes="body"):
            yield Static(
                "These documents need your review, and some your electronic signature. "
                "If you find an error, press F5 (Start Over): nothing you entered is lost.",
                classes="card-text",
            )
            yield self.table
            yield ErrorLine(id="missing")
            with Vertical(id="consent-box", classes="card"):
                yield Static(Text("Electronic records and signatures", style="bold"), classes="card-title")
                yield Static(disclosure_text(self.consent_text), id="consent-text", classes="card-text")
                code = consent_code(self.consent_text)
                yield Static(Text(f"Confirmation code: {code}", style="bold"), classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Type the code *", classes="field-label")
                    yield Input(id="consent-code", compact=True, max_length=8, select_on_focus=False)
                yield ErrorLine(id="consent-error")
                yield Button("I Agree (F8)", id="agree", variant="primary", compact=True)
        with Horizontal(classes="buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Open next document", id="open-next", compact=True)
            yield Button(self.continue_label, id="continue", variant="primary", compact=True)
        yield from self.compose_footer()

    @property
    def finishes(self) -> bool:
        """With no Send step after it, Finish here submits the packet (seed 002)."""
        nxt = self.view.program.next_step(self.step.id, self.view.answers)
        return nxt is not None and nxt.kind == "print"

    @property
    def continue_label(self) -> str:
        return "Finish" if self.finishes else "Continue"

    async def on_mount(self) -> None:
        self.table.add_column("Name", width=38)
        self.table.add_column("Document Status")
        await self.refresh_documents()
        problems = packets.problems_before_review(self.view)
        if problems:
            self.query_one("#missing", ErrorLine).update(
                Text("Complete the Interview Questions first: " + "; ".join(problems.values()))
            )
        if self.consented:
            self.query_one("#consent-box").display = False
            self.table.focus()
        else:
            self.query_one("#consent-code", Input).focus()

    async def refresh_documents(self) -> None:
        states = await self.papp.run_core(signing.document_states, self.papp.ctx, self.view)
        self.states = [s for s in states if not s.spec.print_only]
        self.table.clear()
        for state in self.states:
            self.table.add_row(Text(state.spec.title), Text(state.status_text), key=state.spec.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "agree":
            return not self.consented
        return super().check_action(action, parameters)

    async def action_agree(self) -> None:
        code = self.query_one("#consent-code", Input).value.strip().upper()
        error = self.query_one("#consent-error", ErrorLine)
        if code != consent_code(self.consent_text):
            error.update("Type the confirmation code shown above to agree.")
            return
        actor = self.papp.actor
        assert actor is not None
        try:
            self.view = await self.papp.run_core(signing.give_consent, self.papp.ctx, actor, self.view.id)
        except ValidationFailed:
            error.update("Complete the Interview Questions first (F5 Start Over, then Start).")
            return
        except PacketdeskError as exc:
            error.update(Text(str(exc)))
            return
        self.query_one("#consent-box").display = False
        self.refresh_bindings()
        await self.open_next()

    async def open_next(self) -> None:
        if not self.consented:
            self.query_one("#consent-error", ErrorLine).update("Agree to electronic records (I Agree) before opening documents.")
            return
        pending = next((s for s in self.states if not s.done), None)
        if pending is None:
            self.query_one("#continue", Button).focus()
            return
        await self.open_document(pending.spec.id)

    async def open_document(self, document_id: str) -> None:
        from tui.packet.document import DocumentScreen

        if not self.consented:
            self.query_one("#consent-error", ErrorLine).update("Agree to electronic records (I Agree) before opening documents.")
            return

        async def after(_result: object) -> None:
            self.view = await self.papp.run_core(packets.load, self.papp.ctx, self.papp.actor, self.view.id)
            await self.refresh_documents()
            if all(s.done for s in self.states):
                self.query_one("#continue", Button).focus()
            else:
                await self.open_next()

        state = next(s for s in self.states if s.spec.id == document_id)
        self.app.push_screen(DocumentScreen(self.view, state), after)  # type: ignore[arg-type]

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.states:
            row = self.table.cursor_row
            self.run_worker(self.open_document(self.states[row].spec.id))
            return True
        if isinstance(focused, Input) and focused.id == "consent-code":
            self.run_worker(self.action_agree())
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "agree":
            await self.action_agree()
        elif event.button.id == "open-next":
            await self.open_next()
        elif event.button.id == "back":
            await self.action_back()
        elif event.button.id == "continue":
            if all(s.done for s in self.states) and self.finishes:
                await self.finish()
            elif all(s.done for s in self.states):
                await self.go_next()
            else:
                missing = [s.spec.title for s in self.states if not s.done]
                self.query_one("#missing", ErrorLine).update(Text("Still to sign or review: " + ", ".join(missing)))

    async def finish(self) -> None:
        actor = self.papp.actor
        assert actor is not None
        self.query_one("#missing", ErrorLine).update(Text("Submitting: storing your signed documents...", style="bold"))
        try:
            view = await self.papp.run_core(signing.send, self.papp.ctx, actor, self.view.id)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify("Submitted. A confirmation email is on its way.")
        self.papp.show_packet_step(view, view.current_step)

    async def action_back(self) -> None:
        await self.go_previous()
