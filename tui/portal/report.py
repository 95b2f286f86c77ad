"""Report an issue from any screen (Ctrl+R): the seed's details and a PII-masked screenshot, to support."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import support
from tui.kit.error_line import attention
from tui.kit.step_form import StepForm
from tui.portal.base import PortalScreen

if TYPE_CHECKING:
    from tui.kit.host import HostApp


def screen_text(app: App[Any]) -> str:
    """The current screen as plain text, modals over their background, the way a screenshot shows it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False,
                      color_system=None)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def typed_secrets(app: App[Any]) -> list[str]:
    """What is typed in the secret fields of every screen in the picture (codes, passwords)."""
    return [field.value for screen in app.screen_stack for field in screen.query(Input)
            if field.value and (field.password or field.has_class("secret"))]


async def open_report(app: HostApp) -> None:
    """Picture the screen the user is on (masked in core at once), then open the report form over it."""
    if isinstance(app.screen, ReportIssueScreen):
        return
    secrets = typed_secrets(app)
    shot = await app.run_core(support.masked, app.ctx, app.actor, screen_text(app), secrets)
    came_from = next((line.strip() for line in shot.splitlines() if line.strip()), "unknown screen")
    values = await app.run_core(support.prefill, app.ctx, app.actor)
    app.push_screen(ReportIssueScreen(shot, came_from[:80], values, secrets))


class ReportIssueScreen(PortalScreen):
    """The form, then the screenshot that goes with it; Enter on the last field sends."""

    AUTO_FOCUS = "#f-description"

    def __init__(self, screenshot: str, came_from: str, values: dict[str, object], secrets: list[str]) -> None:
        super().__init__()
        self.screenshot = screenshot
        self.secrets = secrets
        """Typed in the screen's secret fields: core masks them in what is typed here too."""
        self.came_from = came_from
        self.form = StepForm(support.report_step(), values, id="report-form")
        self.status = Static("", id="report-status", classes="status-line")

    def compose(self) -> ComposeResult:
        yield self.top_line("Report an issue", "to the portal's support address")
        with VerticalScroll(id="report-body", classes="portal-body"):
            yield self.form
            with Horizontal(classes="buttons"):
                yield Button("Send report", id="report-send", variant="primary", compact=True)
                yield Button("Cancel", id="report-cancel", compact=True)
                yield self.status
            yield Static(Text("Screenshot attached (PII masked):", style="bold"), classes="section-title")
            yield Static(Text(self.screenshot, no_wrap=True, overflow="crop"), id="report-shot")
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            if self.form.is_last(focused):
                self.after_keys(focused, self.send)
            else:
                self.focus_next()
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "report-send":
            await self.send()
        elif event.button.id == "report-cancel":
            self.app.pop_screen()

    async def send(self) -> None:
        app = self.papp
        try:
            sent = await app.run_core(support.report_issue, app.ctx, app.actor, dict(self.form.values),
                                      self.screenshot, self.came_from, self.secrets)
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first_problem(exc.problems)
            self.status.update(attention(len(exc.problems)))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.app.pop_screen()
        self.app.notify(f"Report {sent.reference} was sent to {sent.to}.", timeout=8, markup=False)
