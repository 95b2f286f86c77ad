"""Print Packet: view each document and save it as a PDF; the saved path is shown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from core.packets import documents_out, signing
from core.packets.program import DocumentSpec
from core.packets.signing import DocumentState
from tui.kit.base import PacketStepScreen


def short_status(state: DocumentState) -> str:
    if state.spec.print_only:
        return "Print"
    if state.spec.needs_signature:
        return "Signed" if state.signed else "Unsigned"
    return "Reviewed" if state.reviewed else "To review"


class PrintStepScreen(PacketStepScreen):
    """Enter views a document; F9 saves every document as a PDF; Exit logs out."""

    BINDINGS = [
        Binding("f9", "save_pdfs", "Save PDFs", priority=True, id="save-pdfs"),
        Binding("escape", "exit_packet", "Exit", priority=True, id="exit"),
    ]

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.states: list[DocumentState] = []
        self.table: DataTable[str | Text] = DataTable(cursor_type="row", id="print-documents")

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(classes="body"):
            yield Static(Text(f"Status: {self.view.status_label}", style="bold"), id="print-status", classes="section-title")
            yield Static(
                "View, save and print your documents. Your electronic signature shows in green. "
                "Enter opens a document; F9 saves them all as PDF files.",
                classes="card-text",
            )
            yield self.table
            yield Static("", id="saved-to", classes="card-text")
        with Horizontal(classes="buttons"):
            yield Button("Save PDFs (F9)", id="save", compact=True)
            yield Button("Exit", id="exit", variant="primary", compact=True)
        yield from self.compose_footer()

    async def on_mount(self) -> None:
        self.table.add_column("Name", width=34)
        self.table.add_column("Status", width=9)
        self.table.add_column("Signatures")
        states = await self.papp.run_core(signing.document_states, self.papp.ctx, self.view)
        documents = await self.papp.run_core(documents_out.printable, self.papp.ctx, self.view)
        known = {state.spec.id for state in states}
        generated = [
            DocumentState(DocumentSpec(d.id, d.title, template="", signature="review"), d, signed=False, reviewed=True)
            for d in documents
            if d.id not in known
        ]
        self.states = states + generated
        for state in self.states:
            names = ", ".join(m.name for m in state.document.signatures) or "—"
            status = "Generated" if state in generated else short_status(state)
            self.table.add_row(Text(state.spec.title), Text(status), Text(names), key=state.spec.id)
        if any(s.spec.print_only for s in states):
            self.query_one("#saved-to", Static).update(
                Text("Print the EFT form, complete every field and send it with a voided check as the form explains.",
                     style="bold")
            )
        self.table.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.states:
            from tui.packet.document import DocumentScreen

            self.app.push_screen(DocumentScreen(self.view, self.states[self.table.cursor_row], view_only=True))
            return True
        return False

    async def action_save_pdfs(self) -> None:
        actor = self.papp.actor
        assert actor is not None
        paths: list[Path] = await self.papp.run_core(documents_out.save_pdfs, self.papp.ctx, actor, self.view.id)
        folder = paths[0].parent if paths else ""
        self.query_one("#saved-to", Static).update(
            Text(f"Saved {len(paths)} PDF file{'s' if len(paths) != 1 else ''} to {folder}", style="green")
        )

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.action_save_pdfs()
        elif event.button.id == "exit":
            self.action_exit_packet()

    def action_exit_packet(self) -> None:
        self.papp.sign_out("Goodbye. Your documents stay available with your code and password.", "exit")
