"""Which screen shows a packet at a step: the wizard, or the tabs (after any step that comes before them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.packets import packets
from tui.packet.program_screen import ProgramScreen

if TYPE_CHECKING:
    from core.kernel.events import Actor
    from core.packets.packets import PacketView
    from tui.kit.host import HostApp


def screen_for_step(
    view: PacketView, step_id: str | None = None, *, acting: Actor | None = None, home_below: bool = False,
) -> ProgramScreen:
    """A new program needs declarations, not screens: the navigation its declaration names draws it."""
    from tui.packet.tabs import TabsScreen
    from tui.packet.wizard import WizardScreen

    prog = view.program
    step = prog.step(step_id or view.current_step or prog.steps[0].id)
    if prog.navigation == "tabs":
        before = next((s for s in prog.steps_for(view.answers) if not s.tab and s.kind != "info"
                       and packets.step_problems_of(view, s)), None)
        if before is not None and not view.read_only:
            return WizardScreen(view, before, acting=acting, home_below=home_below)
        return TabsScreen(view, step.id if step.tab else "", acting=acting, home_below=home_below)
    if view.read_only and step.kind != "print":
        step = next(s for s in prog.steps if s.kind == "print")
    return WizardScreen(view, step, acting=acting, home_below=home_below)


def open_packet(app: HostApp, view: PacketView, step_id: str | None = None, *, acting: Actor | None = None) -> None:
    """Open a packet over the current screen (a home, a desk), which Escape returns to."""
    app.push_screen(screen_for_step(view, step_id, acting=acting, home_below=True))
