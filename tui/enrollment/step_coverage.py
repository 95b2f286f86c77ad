"""Step 5: Coverage Replacement (Know Your Rights), Other Coverage, Proxy (with its statement)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from core.enrollment import catalog
from core.enrollment.steps import COVERAGE_DEFAULTS, coverage_step
from core.forms.spec import StepSpec
from tui.enrollment.wizard import FormStep


class CoverageStep(FormStep):
    """Coverage Replacement, Other Coverage and Proxy Information; the lists are the declared groups."""

    STEP = 4
    BINDINGS = [
        Binding("f3", "rights", "Know Your Rights", priority=True, id="enroll-know-your-rights"),
        Binding("f4", "proxy", "Proxy Statement", priority=True, id="enroll-proxy-statement"),
    ]

    def form_spec(self) -> StepSpec:
        spec = coverage_step(self.answers)
        for name, value in COVERAGE_DEFAULTS.items():
            if name in {f.name for f in spec.fields}:
                self.values.setdefault(name, value)
        return spec

    def compose_body(self) -> ComposeResult:
        yield Static(Text("F3 Know Your Rights When You Replace Coverage · F4 Proxy Statement", style="dim"))
        yield self.form

    def action_rights(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        self.app.push_screen(EnrollTextModal("Know Your Rights When You Replace Coverage", catalog.text("know_your_rights")))

    def action_proxy(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        self.app.push_screen(EnrollTextModal("Proxy Statement", catalog.text("proxy_statement")))
