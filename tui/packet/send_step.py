"""Send Request: Send Now submits the packet; it is read-only for the producer from then on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from core.kernel.errors import PacketdeskError
from core.packets import signing
from tui.kit.base import PacketStepScreen


class SendStepScreen(PacketStepScreen):
    """The last look before sending to the Home Office."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="back")]
    AUTO_FOCUS = "#send"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(classes="body"):
            yield Static(Text("Send Request", style="bold"), classes="section-title")
            yield Static(
                "Your documents are signed. If you are sure that everything you submitted is accurate, "
                "choose Send Now. After sending, the packet can no longer be changed; to correct anything "
                "later, call the Producer Service Center.",
                classes="card-text",
            )
            yield Static(id="send-documents", classes="card-text")
        with Horizontal(classes="buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Send Now", id="send", variant="success", compact=True)
        yield from self.compose_footer()

    async def on_mount(self) -> None:
        states = await self.papp.run_core(signing.document_states, self.papp.ctx, self.view)
        text = Text()
        for state in states:
            text.append(f"{'✓' if state.done else '✗'} ", style="green" if state.done else "red")
            text.append(f"{state.spec.title}: {state.status_text}\n")
        self.query_one("#send-documents", Static).update(text)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            actor = self.papp.actor
            assert actor is not None
            try:
                view = await self.papp.run_core(signing.send, self.papp.ctx, actor, self.view.id)
            except PacketdeskError as exc:
                self.show_error(exc)
                return
            self.notify("Sent to the Home Office. A congratulations email is on its way.")
            self.papp.show_packet_step(view, view.current_step)
        elif event.button.id == "back":
            await self.action_back()

    async def action_back(self) -> None:
        await self.go_previous()
