"""Where the generic step router sends programs with navigation = "tabs" (seed 001): their own screens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.kit.base import PacketStepScreen


class TabbedProgramScreen(PacketStepScreen):
    """A hand-over: the first-screen lookup until it is done, then every tab at once."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("Opening your application…", classes="body")
        yield from self.compose_footer()

    async def on_mount(self) -> None:
        first = self.view.program.steps[0]
        if first.kind == "pdb_lookup" and not self.view.answers.get(first.id, {}).get("npn"):
            from tui.onboarding.pdb import OnboardingPdbScreen

            self.app.switch_screen(OnboardingPdbScreen(self.view))
            return
        from tui.onboarding.tabs import open_tabs

        await open_tabs(self.papp, self.view, self.step.id if self.step.tab else "", replace=True)
