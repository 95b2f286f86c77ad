"""What the portal screens share: the top line, labelled fields, landing after login, logging out."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, OptionList, RadioSet, SelectionList, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import devices as portal_devices
from core.portal import login as portal_login
from core.portal.login import SignedIn
from tui.kit.base import AppScreen

if TYPE_CHECKING:
    from tui.kit.host import HostApp

PORTAL = "Producer portal"


class PortalBody(VerticalScroll, can_focus=False):
    """A scrolling page body that is not itself a Tab stop (focusing a field scrolls it into view)."""


def labelled(label: str, control: Widget, *, required: bool = False) -> Horizontal:
    """A label beside its control on one line (compact at 80x24)."""
    return Horizontal(Static(Text(label + (" *" if required else "")), classes="field-label"), control,
                      classes="field-line")


def problems_text(error: PacketdeskError) -> str:
    """What core refused, as one line: a form's problems (each said once), or the refusal itself."""
    if isinstance(error, ValidationFailed):
        return " ".join(dict.fromkeys(error.problems.values()))
    return str(error)


def error_line(widget_id: str) -> Static:
    return Static("", id=widget_id, classes="field-error", markup=False)


class PortalScreen(AppScreen):
    """A Producer Experience Portal screen; Escape goes back."""

    CSS_PATH = "portal.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="portal-back", tooltip="Back one screen"),
        # Shown here; the app-wide Ctrl+R is hidden so other screens' footers stay as they are.
        Binding("ctrl+r", "app.report_issue", "Report issue", priority=True, id="portal-report-issue",
                tooltip="Report an issue to support, with a PII-masked screenshot of this screen"),
        # Priority, so a choice typed ahead of Enter in one burst is made before Enter acts on it
        # (a widget's own bindings run only once its key has bubbled back up to the app).
        Binding("down", "choice(1)", show=False, priority=True, id="portal-choice-next"),
        Binding("up", "choice(-1)", show=False, priority=True, id="portal-choice-previous"),
        Binding("space", "toggle_box", show=False, priority=True, id="portal-toggle"),
    ]

    def portal_line(self, title: str, detail: str = "") -> Static:
        return self.top_line(f"{PORTAL} · {title}", detail)

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choice":
            return isinstance(self.focused, (RadioSet, OptionList, DataTable))
        if action == "toggle_box":
            return isinstance(self.focused, (Checkbox, RadioSet, SelectionList))
        return True

    def action_choice(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, RadioSet):
            (focused.action_next_button if step > 0 else focused.action_previous_button)()
        elif isinstance(focused, (OptionList, DataTable)):
            (focused.action_cursor_down if step > 0 else focused.action_cursor_up)()

    def action_toggle_box(self) -> None:
        focused = self.focused
        if isinstance(focused, Checkbox):
            focused.toggle()
        elif isinstance(focused, RadioSet):
            focused.action_toggle_button()
        elif isinstance(focused, SelectionList) and focused.highlighted is not None:
            # Toggled now: its own Space posts a message that acts on wherever the highlight is later.
            focused.toggle(focused.get_option_at_index(focused.highlighted))

    def after_keys(self, widget: Widget | None, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run `work` once `widget` has handled the keys typed ahead of Enter in the same burst."""
        target = widget or self
        target.call_later(lambda: self.run_worker(work(), exclusive=True, group="portal-enter"))


def highlighted(choice: RadioSet) -> int:
    """The option the arrow keys are on (RadioSet keeps it private; pressing it updates only later)."""
    index = getattr(choice, "_selected", None)
    return index if isinstance(index, int) else choice.pressed_index


def back_to_login(app: HostApp) -> None:
    """Pop every portal screen above the login screen."""
    from tui.portal.login import PortalLoginScreen

    while len(app.screen_stack) > 1 and not isinstance(app.screen, PortalLoginScreen):
        app.pop_screen()


def land(app: HostApp, signed: SignedIn) -> None:
    """After verification: keep a new device token, then the user's home page (enrolling typing first)."""
    if signed.device_token:
        portal_devices.save_token(app.ctx, signed.user.username, signed.device_token)
    app.signed_in(signed.actor)
    back_to_login(app)
    if signed.needs_typing_enrollment:
        from tui.portal.typing import TypingScreen

        app.push_screen(TypingScreen(user=signed.user, actor=signed.actor))
        return
    open_home(app, signed.user)


def open_home(app: HostApp, user: portal_login.PortalUser) -> None:
    if user.role == "producer":
        from tui.portal.producer_home import ProducerHomeScreen

        app.push_screen(ProducerHomeScreen(user))
    else:
        from tui.portal.delegate_home import DelegateHomeScreen

        app.push_screen(DelegateHomeScreen(user))


async def log_out(app: HostApp) -> None:
    """End the session and come back to the portal login."""
    if app.actor is not None:
        await app.run_core(portal_login.log_out, app.ctx, app.actor)
    app.actor = None
    back_to_login(app)
    app.notify("You are logged out.", timeout=5)


def rules_text(lines: list[tuple[str, bool]]) -> Text:
    """A checklist: a green tick or a red cross before each line."""
    text = Text()
    for index, (line, ok) in enumerate(lines):
        text.append("✓ " if ok else "✗ ", style="green" if ok else "red")
        text.append(line + ("\n" if index < len(lines) - 1 else ""))
    return text
