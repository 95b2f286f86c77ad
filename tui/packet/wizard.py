"""A program with navigation = "wizard": one step at a time, Continue / Back, Start Over, Save & Exit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Footer

from core.forms.spec import StepSpec
from tui.kit.stage_bar import StageBar
from tui.packet.bodies.base import StepBody
from tui.packet.bodies.registry import body_for
from tui.packet.header import ProgramHeader
from tui.packet.program_screen import ProgramScreen

if TYPE_CHECKING:
    from core.kernel.events import Actor
    from core.packets.packets import PacketView


class WizardScreen(ProgramScreen):
    """One step's body between the packet's top line and stage bar, and its buttons."""

    BINDINGS = [
        # One list for every kind of step; check_action shows the ones a step has. The order is the
        # footer's: Start Over and Save & Exit first, then the step's own keys.
        Binding("f5", "start_over", "Start Over", priority=True, id="start-over",
                tooltip="Back to Getting Started; everything entered is kept"),
        Binding("f10", "save_exit", "Save & Exit", priority=True, id="save-exit",
                tooltip="Save and log out; the next login resumes here"),
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("escape", "exit_packet", "Exit", priority=True, id="exit"),
        Binding("ctrl+g", "jump", "Go to field", priority=True, id="jump-to-field",
                tooltip="Type part of a label to jump to that field"),
        Binding("f8", "agree", "I Agree", priority=True, id="agree"),
        Binding("f8", "forward", "Continue", priority=True, id="continue", tooltip="Save this step and go on"),
        Binding("f8", "save_pdfs", "Save PDFs", priority=True, id="save-pdfs"),
        Binding("f7", "previous", "Previous", show=False, priority=True, id="back-f7"),
    ]

    def __init__(self, view: PacketView, step: StepSpec, *, acting: Actor | None = None, home_below: bool = False) -> None:
        super().__init__(view, acting=acting, home_below=home_below)
        self.step = step
        self.body = body_for(self, step, tabbed=False)
        self.bodies[step.id] = self.body
        self.header: ProgramHeader | None = None

    def compose(self) -> ComposeResult:
        prog = self.view.program
        # Most important first: the ellipsis eats the program's name before the person's.
        yield self.top_line(self.step.title, f"{self.view.producer_name} · {self.view.key} · {prog.title}")
        if prog.header:
            self.header = ProgramHeader(self.view, self.today)
            yield self.header
        else:
            yield StageBar(prog.stages, self.step.stage)
        yield self.body
        buttons = self.body.buttons()
        if buttons:
            with Horizontal(classes="buttons"):
                yield from buttons
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.start_saving()
        # Focus first, before any work off the event loop: keys typed as the screen opens land here.
        first = self.body.first_focus() or self.default_button()
        if first is not None:
            self.set_focus(first)
        await self.restore_drafts()
        await self.offer_profile()
        await self.body.on_shown()

    def default_button(self) -> Widget | None:
        for button_id in ("continue", "start", "send"):
            found = self.query(f"#{button_id}").results(Button)
            for button in found:
                return button
        return None

    def status_line(self):  # type: ignore[no-untyped-def]
        return getattr(self.body, "status", self.status)

    # --- keys --------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.step.kind
        first = self.view.program.previous_step(self.step.id, self.view.answers) is None
        if action == "start_over":
            return not (self.view.read_only or kind == "info" or self.acting or first)
        if action in ("back", "previous"):
            return kind in ("form", "documents", "send", "summary") and (not first or self.home_below)
        if action == "jump":
            return getattr(self.body, "form", None) is not None
        if action == "agree":
            return kind == "documents" and self.view.consent_version != self.view.program.consent_version
        if action == "forward":
            # A program's own body (a lookup, a plan comparison) has its own keys.
            return kind in ("form", "documents", "summary") and not self.step.body \
                and not self.check_action("agree", parameters)
        if action in ("save_pdfs", "exit_packet"):
            return kind == "print"
        return True

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if self.body.on_enter(focused):
            return True
        inputs = [w for w in self.body.focusables() if w is focused or not self.body.passed_by_enter(w)]
        if focused is not None and focused in inputs and self.step.kind == "form":
            if inputs[-1] is focused:
                self.run_worker(self.save_and_continue(), group="save")
            else:
                # The next field in the focus chain that Enter does not pass by, focused once: a field
                # focused on the way would take the keys typed ahead in the same burst.
                chain = self.focus_chain
                after = chain[chain.index(focused) + 1:] if focused in chain else []
                target = next((w for w in after if not self.body.passed_by_enter(w)), None)
                if target is None:
                    self.focus_next()
                else:
                    self.set_focus(target)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "back":
            await self.action_back()
        elif button == "continue" and self.step.kind == "form":
            await self.save_and_continue()
        else:
            await self.body.on_button(button)

    async def action_previous(self) -> None:
        await self.action_back()

    async def action_back(self) -> None:
        if self.step.kind == "form":
            self.save_draft()
        if self.view.program.previous_step(self.step.id, self.view.answers) is None and self.home_below:
            self.app.pop_screen()
            return
        await self.go_previous()

    def action_jump(self) -> None:
        from tui.kit.jump_to_field import jump_in

        jump_in(self, getattr(self.body, "form", None))

    async def action_forward(self) -> None:
        """F8: the step's forward action (Continue; Finish on the last documents page)."""
        if self.step.kind == "form":
            await self.save_and_continue()
        else:
            await self.body.on_button("continue")

    async def action_agree(self) -> None:
        await self.body.on_button("agree")

    async def action_save_pdfs(self) -> None:
        await self.body.on_button("save")

    def action_exit_packet(self) -> None:
        self.papp.sign_out("Goodbye. Your documents stay available with your code and password.", "exit")

    # --- moving ------------------------------------------------------------------------------
    async def save_and_continue(self) -> None:
        if self.view.read_only or not self.editable:
            await self.go_next()
            return
        outcome = await self.save_step(self.step, complete=True)
        if outcome is not None and outcome.joined:
            return
        if outcome is not None and outcome.problems:
            self.body.focus_problem(outcome.problems)
        if outcome is None or not outcome.ok:
            return
        assert outcome.saved is not None
        self.show_step(outcome.saved.view, outcome.saved.view.current_step)

    def show_step(self, view: PacketView, step_id: str) -> None:
        """Go to a step; a rep moves only through form pages and then returns to the packet."""
        if self.acting is None:
            self.papp.show_packet_step(view, step_id)
            return
        step = view.program.step(step_id)
        if step.kind == "form" and not view.read_only:
            self.app.switch_screen(WizardScreen(view, step, acting=self.acting, home_below=self.home_below))
        else:
            self.app.pop_screen()
            self.app.notify("Every page is entered. Send the producer the ready-for-signature email (F9).")

    async def go_to_page(self, step_id: str) -> None:
        self.save_draft()
        await self._move(self.view.program.step(step_id))

    async def go_next(self) -> None:
        await self._move(self.view.program.next_step(self.step.id, self.view.answers))

    async def go_previous(self) -> None:
        await self._move(self.view.program.previous_step(self.step.id, self.view.answers))

    async def _move(self, step: StepSpec | None) -> None:
        from core.packets import packets

        actor = self.actor
        if step is None or actor is None:
            return
        if self.acting is None:  # a rep's moves are not the producer's resume point
            await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, step.id)
        view = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        self.show_step(view, step.id)

    async def action_start_over(self) -> None:
        from core.packets import packets

        if self.view.read_only:
            return
        self.save_draft()
        first = self.view.program.steps[0]
        actor = self.actor
        assert actor is not None
        await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, first.id, event="start over")
        view = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        self.show_step(view, first.id)

    async def action_save_exit(self) -> None:
        from core.packets import packets

        self.save_draft()
        if self.acting is not None or self.home_below:
            if self.home_below and self.editable:
                await self.save_step(self.step, complete=False)
            self.app.pop_screen()
            return
        actor = self.actor
        if actor is not None and not self.view.read_only:
            await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, self.step.id,
                                     event="save and exit")
        hint = self.view.program.settings.get("resume_hint", "Log in again to pick up where you left off.")
        self.papp.sign_out(f"Saved. {hint}", "save and exit")


def is_body(widget: object) -> bool:
    return isinstance(widget, StepBody)
