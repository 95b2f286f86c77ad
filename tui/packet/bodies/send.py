"""Send Request: the documents' statuses, then Send Now; the packet is read-only for the producer after it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Static

from core.kernel.errors import PacketdeskError
from core.packets import progress, signing
from tui.packet.bodies.base import StepBody


class SendBody(StepBody):
    """The last look before sending to the Home Office."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Send Request", style="bold"), classes="section-title")
        yield Static(
            "Your documents are signed. If you are sure that everything you submitted is accurate, "
            "choose Send Now. After sending, the packet can no longer be changed; to correct anything "
            "later, call the Producer Service Center.",
            classes="card-text",
        )
        yield Static(id="send-documents", classes="card-text")

    def buttons(self) -> list[Widget]:
        return [Button("Back", id="back", compact=True), Button("Send Now", id="send", variant="success", compact=True)]

    def first_focus(self) -> Widget | None:
        return None

    async def on_shown(self) -> None:
        states = await self.host.papp.run_core(signing.document_states, self.host.papp.ctx, self.view)
        text = Text()
        for state in states:
            text.append(f"{'✓' if state.done else '✗'} ", style="green" if state.done else "red")
            text.append(f"{state.spec.title}: {state.status_text}\n")
        self.query_one("#send-documents", Static).update(text)

    async def on_button(self, button_id: str) -> None:
        if button_id != "send":
            return
        app = self.host.papp
        actor = app.actor
        assert actor is not None
        try:
            view = await app.run_core(progress.submit, app.ctx, actor, self.view.id)
        except PacketdeskError as exc:
            self.host.show_error(exc)
            return
        self.notify("Sent to the Home Office. A congratulations email is on its way.")
        app.show_packet_step(view, view.current_step)
