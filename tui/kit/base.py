"""What every screen shares: the application it belongs to, the top line, errors said plainly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from core.kernel.errors import PacketdeskError

if TYPE_CHECKING:
    from tui.kit.host import HostApp


def _packets():  # type: ignore[no-untyped-def]  # (the module, typed at its call sites)
    """core.packets.packets, imported on first use: the entry screen must paint before SQLAlchemy loads."""
    from core.packets import packets

    return packets


KIT_CSS = str(Path(__file__).with_name("kit.tcss"))
"""The kit's stylesheet, absolute: a screen subclassed in a feature package finds it too."""


class AppScreen(Screen[None]):
    """A screen that knows its app's type."""

    _footer_keys: tuple[object, ...] | None = None
    """The shown keys the footer was last told about (key, binding, enabled, tooltip)."""

    def refresh_bindings(self) -> None:
        """Tell the footer only when the keys it shows changed.

        Textual asks on every focus change (a tab switch, Tab to the next field), and each footer
        rebuild remounts every key; in Textual 8.2.8 it also keeps the old keys alive. The focused
        widget's own keys (an Input's, a table's) are hidden ones: they change nothing shown.
        """
        keys = None
        if not self.app._screen_stack:  # the app is closing its modes' screens: nothing to show
            return
        if self.app.app_focus:  # an unfocused app's footer ignores the news: tell it again later
            palette = self.app.COMMAND_PALETTE_BINDING  # the footer shows it too
            keys = tuple((key, b.binding, b.enabled, b.tooltip) for key, b in self.active_bindings.items()
                         if b.binding.show or key == palette)
        if keys is not None and keys == self._footer_keys:
            return
        self._footer_keys = keys
        super().refresh_bindings()

    @property
    def papp(self) -> HostApp:
        return cast("HostApp", self.app)

    def top_line(self, title: str, detail: str = "") -> Static:
        return Static(self.top_text(title, detail), classes="top-line")

    @staticmethod
    def top_text(title: str, detail: str = "") -> Text:
        """The top line's text, to update a top line in place (a quote saved, a tabbed screen naming its tab)."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Packetdesk ", style="bold reverse")
        text.append(f" {title}", style="bold")
        if detail:
            text.append(f"  {detail}", style="dim")
        return text

    def enter_through(self, order: Sequence[Widget], focused: Widget | None, last: Callable[[], object]) -> bool:
        """Enter on one of `order` moves to the next; on the last it calls `last` (which starts the work)."""
        if focused is None or focused not in order:
            return False
        index = list(order).index(focused)
        if index == len(order) - 1:
            last()
        else:
            self.set_focus(order[index + 1])
        return True

    def show_error(self, error: Exception) -> None:
        message = str(error) if isinstance(error, PacketdeskError) else "Something went wrong; nothing was lost."
        self.notify(message, severity="error", timeout=8)

    def signed_out(self) -> bool:
        """True while the app is signing out (screens resume on the way back to the entry screen).

        Screens that carry their own actor (Quote & Enroll opened for a demo producer) are never signed out.
        """
        return self.papp.actor is None and getattr(self, "actor", None) is None
