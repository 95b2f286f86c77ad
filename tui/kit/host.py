"""What screens need from the application: they type against HostApp and never import tui.app.

tui.app.PacketdeskApp implements it; this breaks the import cycle between the app and its screens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App

if TYPE_CHECKING:
    from core.kernel.context import AppContext
    from core.kernel.events import Actor
    from core.packets.invitations import OpenedPacket
    from core.packets.packets import PacketView

T = TypeVar("T")


class HostApp(App[int]):
    """The Packetdesk application as its screens see it (implemented by tui.app.PacketdeskApp)."""

    actor: Actor | None = None
    """Who is signed in (None on the welcome screen)."""
    opened: OpenedPacket | None = None
    demo: bool = False

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
