"""One document, readable and scrollable, then Click to Sign (or Next for review-only addenda)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Static

from core.errors import PacketdeskError
from core.services import signing
from core.services.packets import PacketView
from core.services.signing import DocumentState
from tui.screens.base import AppScreen
from tui.widgets.document_view import document_text


class DocumentScreen(AppScreen):
    """Returns when signed, reviewed or closed."""

    BINDINGS = [
        Binding("escape", "close", "Back to list", priority=True, id="close"),
        Binding("f9", "act", "Sign / Next", priority=True, id="act"),
    ]

    def __init__(self, view: PacketView, state: DocumentState) -> None:
        super().__init__()
        self.view = view
        self.state = state

    def compose(self) -> ComposeResult:
        spec = self.state.spec
        done = self.state.done
        yield self.top_line(spec.title, f"{self.view.key} · {self.state.status_text}")
        with VerticalScroll(id="document-body", classes="body document"):
            yield Static(document_text(self.state.document), id="document-text")
        with Horizontal(classes="buttons"):
            if spec.needs_signature:
                yield Button("Signed" if done else "Click to Sign (F9)", id="act", variant="success", compact=True, disabled=done)
            else:
                yield Button("Next (F9)", id="act", variant="primary", compact=True)
            yield Static(
                Text("Scroll with ↑ ↓ PgUp PgDn. " + ("Signing locks your signature into this document." if spec.needs_signature else "This addendum needs no signature: review it, then Next.")),
                classes="status-line",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#document-body").focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "act":
            await self.action_act()

    async def action_act(self) -> None:
        actor = self.papp.actor
        assert actor is not None
        spec = self.state.spec
        if self.state.done:
            self.dismiss(None)
            return
        call = signing.sign if spec.needs_signature else signing.review
        try:
            await self.papp.run_core(call, self.papp.ctx, actor, self.view.id, spec.id, self.state.document.sha256)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify(f"{spec.title}: {'signed' if spec.needs_signature else 'reviewed'}.")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
