"""Summary: every page's answers read-only; Enter on a page goes back to correct it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from core.packets import packets
from tui.kit.step_form import StepForm
from tui.packet.bodies.base import StepBody


class SummaryBody(StepBody):
    """Shows what will appear on the forms to be signed."""

    kind_id = "summary-body"

    def compose(self) -> ComposeResult:
        forms = [s for s in self.view.program.steps_for(self.view.answers) if s.kind == "form"]
        yield Static(
            "Please take a moment to review this information for accuracy. It will appear on forms and "
            "attestations to be signed. To correct a page, choose it below and press Enter.",
            classes="card-text",
        )
        yield OptionList(*[Option(Text(s.title), id=s.id) for s in forms], id="summary-pages")
        for step in forms:
            yield StepForm(step, self.view.answers.get(step.id, {}), editable=False)

    def buttons(self) -> list[Widget]:
        return [Button("Back", id="back", compact=True), Button("Continue", id="continue", variant="primary", compact=True)]

    def first_focus(self) -> Widget | None:
        return None

    def on_mount(self) -> None:
        pages = self.query_one("#summary-pages", OptionList)
        if pages.option_count:
            pages.highlighted = 0

    def on_enter(self, focused: Widget | None) -> bool:
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            option = focused.get_option_at_index(focused.highlighted)
            self.run_worker(self.jump(option.id or ""))
            return True
        return False

    async def jump(self, step_id: str) -> None:
        app = self.host.papp
        actor = app.actor
        assert actor is not None
        await app.run_core(packets.go_to_step, app.ctx, actor, self.view.id, step_id)
        app.show_packet_step(self.view, step_id)

    async def on_button(self, button_id: str) -> None:
        if button_id == "continue":
            await self.host.go_next()  # type: ignore[attr-defined]
