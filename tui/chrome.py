"""What every screen gets from the application around it: the person's keymap, F1 help, notices that
stay short, and a notice while the terminal is too small."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.widgets import RadioSet

from tui.kit.host import HostApp
from tui.kit.too_small import TooSmallScreen, too_small

RADIO_KEYS = {"up": "previous_button", "down": "next_button"}
"""A radio set's arrows. Space on it is queued on the radio set by the app (tui.app action_toggle); a
plain arrow key travels up to the app before it acts, so "down down space" typed in one burst
chose the option the arrows had not reached yet. Queued the same way, the keys keep their order.
Left and right are the app's editing keys, which hand a radio set's over to action_radio."""

NOTICE_SECONDS = {"information": 4.0, "warning": 6.0, "error": 6.0}
"""At most this long: a notice at 80x24 covers part of the screen (they show at the top right)."""


class Chrome(HostApp):
    """Mixed into the app (tui.app.PacketdeskApp)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"radio('{action}')", show=False, priority=True, id=f"radio-{key}")
        for key, action in RADIO_KEYS.items()
    ]

    def action_radio(self, action: str) -> None:
        focused = self.focused
        if not isinstance(focused, RadioSet):
            raise SkipAction()
        focused.call_later(focused.run_action, action)

    def apply_keymap(self) -> None:
        from tui.kit.keymap import load_keymap

        keymap, problem = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning")

    def notify(
        self, message: str, *, title: str = "", severity: SeverityLevel = "information",
        timeout: float | None = None, markup: bool = True,
    ) -> None:
        limit = NOTICE_SECONDS.get(severity, 4.0)
        super().notify(message, title=title, severity=severity, timeout=min(timeout or limit, limit), markup=markup)

    def action_field_help(self) -> None:
        """F1: the focused field's label, what it takes, whether it is required, and its declared help."""
        from tui.kit.field_help import help_for

        text = help_for(self.focused)
        self.notify(text or "Tab and Shift+Tab move between fields, Enter moves on, Ctrl+P lists what this screen "
                            "can do.", title="Help")

    def on_resize(self, event: events.Resize) -> None:
        small = too_small(event.size.width, event.size.height)
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif small and showing:
            self.screen.show(event.size.width, event.size.height)  # type: ignore[attr-defined]
        elif showing:
            self.pop_screen()
