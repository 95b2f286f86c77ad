"""What screens need from the application: they type against HostApp and never import tui.app.

tui.app.PacketdeskApp implements it; this breaks the import cycle between the app and its screens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual._time import get_time
from textual.app import App, UnknownModeError
from textual.await_complete import AwaitComplete
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.events import Actor
    from core.packets.invitations import OpenedPacket
    from core.packets.packets import PacketView

T = TypeVar("T")

WELCOME = "welcome"
"""The welcome screen's mode, the app's first (the welcome screen sits over a blank first screen, ModeBase).
Each program a person opens from it (a packet, the portal, the desk, onboarding, Quote & Enroll) runs in a
mode of its own, its own stack of screens, closed when the person leaves it."""


class ModeBase(Screen[None]):
    """The blank first screen of every mode, under the welcome screen or a program's first screen: that
    screen can then be replaced (a login by the home it leads to) like any other."""


class HostApp(App[int]):
    """The Packetdesk application as its screens see it (implemented by tui.app.PacketdeskApp)."""

    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {WELCOME: ModeBase}
    DEFAULT_MODE: ClassVar[str] = WELCOME
    actor: Actor | None = None
    """Who is signed in (None on the welcome screen)."""
    opened: OpenedPacket | None = None
    demo: bool = False
    _jump: tuple[float, Widget] | None = None
    """When the program last moved the focus itself, and from where (see focus_jump)."""

    def focus_jump(self, target: Widget) -> None:
        """Move the focus for the person (to the first field to fix after a save). Keys typed before the
        move still go to the field they were typed in, though the app reads them only after it: over SSH,
        or while a save ran, they wait in the app's queue behind the key that saved."""
        if self.focused is not None and self.focused is not target:
            self._jump = (get_time(), self.focused)
        target.focus()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._jump is not None:
            at, before = self._jump
            if event.time > at:
                self._jump = None
            elif (event.is_printable or event.key == "backspace") and before.is_attached and before.screen is self.screen:
                before._forward_event(event)
                return
        await super().on_event(event)

    def open_program(self, mode: str, first: Callable[[], Screen[Any]]) -> None:
        """Open a program in its own mode on its first screen (a mode left open before is started afresh)."""
        with contextlib.suppress(UnknownModeError):
            self.remove_mode(mode)
        self.add_mode(mode, ModeBase)
        self.switch_mode(mode)
        self.push_screen(first())

    def to_welcome(self) -> None:
        """Back to the welcome screen; the program's mode closes, so nothing of that person stays behind it."""
        left = self.current_mode
        if left != WELCOME:
            self.switch_mode(WELCOME)
            self.remove_mode(left)

    def pop_screen(self) -> AwaitComplete:
        """Back one screen. A program's first screen leads back to the welcome screen, which stays."""
        if len(self.screen_stack) <= 2:
            self.to_welcome()
            return AwaitComplete.nothing()
        return super().pop_screen()

    @property
    def ctx(self) -> AppContext:
        raise NotImplementedError

    async def run_core(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a core service off the event loop (argon2, PDFs and queries are slow)."""
        raise NotImplementedError

    async def settle(self) -> None:
        """Wait until every input has handled the keys already queued for it."""
        raise NotImplementedError

    def signed_in(self, actor: Actor, opened: OpenedPacket | None = None) -> None:
        raise NotImplementedError

    def sign_out(self, message: str, reason: str = "logout") -> None:
        raise NotImplementedError

    def show_packet_step(self, view: PacketView, step_id: str | None = None) -> None:
        raise NotImplementedError

    def save_draft_now(self) -> None:
        raise NotImplementedError

    def reload_packet(self) -> PacketView | None:
        raise NotImplementedError

    def open_mailbox(self) -> None:
        """The demo mailbox (a --demo database only)."""
        raise NotImplementedError

    def open_history(self, packet_id: int, title: str) -> None:
        """A packet's history, for staff (the desk's screen)."""
        raise NotImplementedError
