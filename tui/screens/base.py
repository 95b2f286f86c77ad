"""What every packet step screen shares: the top line, the stage bar, Start Over and Save & Exit."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from core.errors import PacketdeskError
from core.programs import StepSpec
from core.services import packets
from core.services.packets import PacketView
from tui.widgets.stage_bar import StageBar

if TYPE_CHECKING:
    from tui.app import PacketdeskApp


class AppScreen(Screen[None]):
    """A screen that knows its app's type."""

    @property
    def papp(self) -> PacketdeskApp:
        return cast("PacketdeskApp", self.app)

    def top_line(self, title: str, detail: str = "") -> Static:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Packetdesk ", style="bold reverse")
        text.append(f" {title}", style="bold")
        if detail:
            text.append(f"  {detail}", style="dim")
        return Static(text, classes="top-line")

    def show_error(self, error: Exception) -> None:
        message = str(error) if isinstance(error, PacketdeskError) else "Something went wrong; nothing was lost."
        self.notify(message, severity="error", timeout=8)


class PacketStepScreen(AppScreen):
    """Base of the screens that draw one step of a packet."""

    is_packet_step = True
    BINDINGS = [
        Binding("f5", "start_over", "Start Over", priority=True, id="start-over",
                tooltip="Back to Getting Started; everything entered is kept"),
        Binding("f10", "save_exit", "Save & Exit", priority=True, id="save-exit",
                tooltip="Save and log out; the next login resumes here"),
    ]

    def __init__(self, view: PacketView, step: StepSpec) -> None:
        super().__init__()
        self.view = view
        self.step = step

    def compose_header(self) -> ComposeResult:
        prog = self.view.program
        yield self.top_line(f"{prog.title} · {self.step.title}", f"{self.view.key} · {self.view.producer_name}")
        yield StageBar(prog.stages, self.step.stage)

    def compose_footer(self) -> ComposeResult:
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_over" and (self.view.read_only or self.step.kind == "info"):
            return False
        return True

    async def action_start_over(self) -> None:
        if self.view.read_only:
            return
        self.save_draft()
        first = self.view.program.steps[0]
        actor = self.papp.actor
        assert actor is not None
        await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, first.id, event="start over")
        view = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        self.papp.show_packet_step(view, first.id)

    async def action_save_exit(self) -> None:
        self.save_draft()
        actor = self.papp.actor
        if actor is not None and not self.view.read_only:
            await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, self.step.id, event="save and exit")
        self.papp.sign_out("Saved. Log in again with your invitation code to pick up where you left off.", "save and exit")

    def save_draft(self) -> None:
        """Screens with typed values override this; it must work from the model alone."""

    async def go_next(self) -> None:
        nxt = self.view.program.next_step(self.step.id, self.view.answers)
        if nxt is None:
            return
        actor = self.papp.actor
        assert actor is not None
        await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, nxt.id)
        view = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        self.papp.show_packet_step(view, nxt.id)

    async def go_previous(self) -> None:
        prev = self.view.program.previous_step(self.step.id, self.view.answers)
        if prev is None:
            return
        actor = self.papp.actor
        assert actor is not None
        await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, prev.id)
        view = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        self.papp.show_packet_step(view, prev.id)
