"""One document, readable and scrollable, then Click to Sign (or Next for review-only addenda)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Static

from core.kernel.errors import PacketdeskError
from core.packets import signing
from core.packets.packets import PacketView
from core.packets.signing import DocumentState
from tui.kit.base import AppScreen
from tui.kit.document_view import document_text


class DocumentScreen(AppScreen):
    """Returns when signed, reviewed or closed."""

    BINDINGS = [
        Binding("escape", "close", "Back to list", priority=True, id="close"),
        Binding("f9", "act", "Sign / Next", priority=True, id="act"),
    ]

    def __init__(self, view: PacketView, state: DocumentState, *, view_only: bool = False) -> None:
        super().__init__()
        self.view = view
        self.state = state
        self.view_only = view_only
        """Print Packet shows documents to read, not to act on."""

    def compose(self) -> ComposeResult:
        spec = self.state.spec
        done = self.state.done
        yield self.top_line(spec.title, f"{self.view.key} · {self.state.status_text}")
        with VerticalScroll(id="document-body", classes="body document"):
            yield Static(document_text(self.state.document), id="document-text")
        with Horizontal(classes="buttons"):
            if self.view_only:
                yield Button("Back to the list", id="act", compact=True)
            elif spec.needs_signature:
                label = "Sign (F9)" if self.view.program.adopt_signature else "Click to Sign (F9)"
                yield Button("Signed" if done else label, id="act", variant="success", compact=True, disabled=done)
            else:
                yield Button("Next (F9)", id="act", variant="primary", compact=True)
            yield Static(
                Text("↑ ↓ PgUp PgDn scroll. " + ("Signing locks your signature in." if spec.needs_signature else "Review only: read it, then Next.")),
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
        if self.state.done or self.view_only:
            self.dismiss(None)
            return
        if spec.needs_signature and self.view.program.adopt_signature and signing.adopted_signature(self.view) is None:
            from tui.packet.adopt_signature import AdoptSignatureModal

            name, initials = signing.default_adoption(self.view)
            self.app.push_screen(AdoptSignatureModal(name, initials, self.view.program.signature_styles), self.adopt_and_sign)
            return
        call = signing.sign if spec.needs_signature else signing.review
        try:
            await self.papp.run_core(call, self.papp.ctx, actor, self.view.id, spec.id, self.state.document.sha256)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify(f"{spec.title}: {'signed' if spec.needs_signature else 'reviewed'}.")
        self.dismiss(None)

    async def adopt_and_sign(self, adoption: object) -> None:
        from tui.packet.adopt_signature import Adoption

        if not isinstance(adoption, Adoption):
            return
        actor = self.papp.actor
        assert actor is not None
        try:
            self.view = await self.papp.run_core(
                signing.adopt_signature, self.papp.ctx, actor, self.view.id, adoption.full_name, adoption.initials, adoption.style
            )
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        await self.action_act()

    def action_close(self) -> None:
        self.dismiss(None)
