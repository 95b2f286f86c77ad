"""Summary: every page's answers read-only; Enter on a page goes back to correct it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from core.packets import packets
from tui.kit.base import PacketStepScreen
from tui.kit.step_form import StepForm


class SummaryStepScreen(PacketStepScreen):
    """Shows what will appear on the forms to be signed."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="back")]
    AUTO_FOCUS = "#continue"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        forms = [s for s in self.view.program.steps_for(self.view.answers) if s.kind == "form"]
        with VerticalScroll(id="summary-body", classes="body"):
            yield Static(
                "Please take a moment to review this information for accuracy. It will appear on forms and "
                "attestations to be signed. To correct a page, choose it below and press Enter.",
                classes="card-text",
            )
            yield OptionList(*[Option(Text(s.title), id=s.id) for s in forms], id="summary-pages")
            for step in forms:
                yield StepForm(step, self.view.answers.get(step.id, {}), editable=False)
        with Horizontal(classes="buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Continue", id="continue", variant="primary", compact=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        pages = self.query_one("#summary-pages", OptionList)
        if pages.option_count:
            pages.highlighted = 0

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            option = focused.get_option_at_index(focused.highlighted)
            self.run_worker(self.jump(option.id or ""))
            return True
        return False

    async def jump(self, step_id: str) -> None:
        actor = self.papp.actor
        assert actor is not None
        await self.papp.run_core(packets.go_to_step, self.papp.ctx, actor, self.view.id, step_id)
        self.papp.show_packet_step(self.view, step_id)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            await self.go_next()
        elif event.button.id == "back":
            await self.action_back()

    async def action_back(self) -> None:
        await self.go_previous()
