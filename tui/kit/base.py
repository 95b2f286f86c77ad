"""What every packet step screen shares: the top line, the stage bar, Start Over and Save & Exit."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from core.forms.spec import StepSpec
from core.kernel.errors import PacketdeskError
from tui.kit.stage_bar import StageBar

if TYPE_CHECKING:
    from core.kernel.events import Actor
    from core.packets.packets import PacketView
    from tui.app import PacketdeskApp


def _packets():  # type: ignore[no-untyped-def]  # (the module, typed at its call sites)
    """core.packets.packets, imported on first use: the entry screen must paint before SQLAlchemy loads."""
    from core.packets import packets

    return packets


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

    def __init__(self, view: PacketView, step: StepSpec, *, acting: Actor | None = None) -> None:
        super().__init__()
        self.view = view
        self.step = step
        self.acting = acting
        """A rep working on the producer's behalf; None when the producer works themselves."""

    @property
    def actor(self) -> Actor | None:
        return self.acting or self.papp.actor

    def compose_header(self) -> ComposeResult:
        prog = self.view.program
        # Most important first: the ellipsis eats the program's name before the person's.
        yield self.top_line(self.step.title, f"{self.view.producer_name} · {self.view.key} · {prog.title}")
        yield StageBar(prog.stages, self.step.stage)

    def compose_footer(self) -> ComposeResult:
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_over" and (self.view.read_only or self.step.kind == "info" or self.acting):
            return False
        return True

    def show_step(self, view: PacketView, step_id: str) -> None:
        """Go to a step; a rep moves only through form pages and then returns to the packet."""
        if self.acting is None:
            self.papp.show_packet_step(view, step_id)
            return
        from tui.packet.form_step import FormStepScreen

        step = view.program.step(step_id)
        if step.kind == "form" and not view.read_only:
            self.app.switch_screen(FormStepScreen(view, step, acting=self.acting))
        else:
            self.app.pop_screen()
            self.app.notify("Every page is entered. Send the producer the ready-for-signature email (F9).")

    async def action_start_over(self) -> None:
        if self.view.read_only:
            return
        self.save_draft()
        first = self.view.program.steps[0]
        actor = self.actor
        assert actor is not None
        await self.papp.run_core(_packets().go_to_step, self.papp.ctx, actor, self.view.id, first.id, event="start over")
        view = await self.papp.run_core(_packets().load, self.papp.ctx, actor, self.view.id)
        self.show_step(view, first.id)

    async def action_save_exit(self) -> None:
        self.save_draft()
        if self.acting is not None:
            self.app.pop_screen()
            return
        actor = self.actor
        if actor is not None and not self.view.read_only:
            await self.papp.run_core(_packets().go_to_step, self.papp.ctx, actor, self.view.id, self.step.id, event="save and exit")
        self.papp.sign_out("Saved. Log in again with your invitation code to pick up where you left off.", "save and exit")

    def save_draft(self) -> None:
        """Screens with typed values override this; it must work from the model alone."""

    async def go_next(self) -> None:
        nxt = self.view.program.next_step(self.step.id, self.view.answers)
        if nxt is None:
            return
        actor = self.actor
        assert actor is not None
        if self.acting is None:  # a rep's moves are not the producer's resume point
            await self.papp.run_core(_packets().go_to_step, self.papp.ctx, actor, self.view.id, nxt.id)
        view = await self.papp.run_core(_packets().load, self.papp.ctx, actor, self.view.id)
        self.show_step(view, nxt.id)

    async def go_previous(self) -> None:
        prev = self.view.program.previous_step(self.step.id, self.view.answers)
        if prev is None:
            return
        actor = self.actor
        assert actor is not None
        if self.acting is None:
            await self.papp.run_core(_packets().go_to_step, self.papp.ctx, actor, self.view.id, prev.id)
        view = await self.papp.run_core(_packets().load, self.papp.ctx, actor, self.view.id)
        self.show_step(view, prev.id)
