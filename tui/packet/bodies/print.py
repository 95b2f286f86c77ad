"""Print Packet: view each document and save it as a PDF; the saved path is shown."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from core.packets import documents_out, signing
from core.packets.documents import DocumentState
from core.packets.program import DocumentSpec
from tui.packet.bodies.base import StepBody


def short_status(state: DocumentState) -> str:
    if state.spec.print_only:
        return "Print"
    if state.spec.needs_signature:
        return "Signed" if state.signed else "Unsigned"
    return "Reviewed" if state.reviewed else "To review"


class PrintBody(StepBody):
    """Enter views a document; F8 saves every document as a PDF; Exit logs out."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.states: list[DocumentState] = []
        self.table: DataTable[str | Text] = DataTable(cursor_type="row", id="print-documents")

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Status: {self.view.status_label}", style="bold"), id="print-status", classes="section-title")
        yield Static(
            "View, save and print your documents. Your electronic signature shows in green. "
            "Enter opens a document; F8 saves them all as PDF files.",
            classes="card-text",
        )
        yield self.table
        yield Static("", id="saved-to", classes="card-text")

    def buttons(self) -> list[Widget]:
        return [Button("Save PDFs (F8)", id="save", compact=True), Button("Exit", id="exit", variant="primary", compact=True)]

    def first_focus(self) -> Widget | None:
        return self.table

    async def on_shown(self) -> None:
        app = self.host.papp
        self.table.add_column("Name", width=34)
        self.table.add_column("Status", width=9)
        self.table.add_column("Signatures")
        states = await app.run_core(signing.document_states, app.ctx, self.view)
        documents = await app.run_core(documents_out.printable, app.ctx, self.view)
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
        # Focused while still empty: once the documents take their room, show the list and what follows it.
        self.call_after_refresh(lambda: self.scroll_end(animate=False))

    def on_enter(self, focused: Widget | None) -> bool:
        if focused is self.table and self.states:
            from tui.packet.document import DocumentScreen

            self.app.push_screen(DocumentScreen(self.view, self.states[self.table.cursor_row], view_only=True))
            return True
        return False

    async def on_button(self, button_id: str) -> None:
        if button_id == "save":
            app = self.host.papp
            actor = app.actor
            assert actor is not None
            paths: list[Path] = await app.run_core(documents_out.save_pdfs, app.ctx, actor, self.view.id)
            folder = paths[0].parent if paths else ""
            self.query_one("#saved-to", Static).update(
                Text(f"Saved {len(paths)} PDF file{'s' if len(paths) != 1 else ''} to {folder}", style="green")
            )
        elif button_id == "exit":
            self.host.action_exit_packet()  # type: ignore[attr-defined]
