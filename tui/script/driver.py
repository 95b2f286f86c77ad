"""What the runner needs from a way of driving the app (in-process Pilot or a real pty)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from core.notify.outbox import Message


class DriverTrouble(Exception):
    """The app could not be driven (did not start, did not settle, crashed)."""


class Driver(Protocol):
    """One running app for one script; every method waits for the app to settle afterwards."""

    async def start(self, size: tuple[int, int]) -> None:
        """Start the app on a fresh demo database at this terminal size."""
        ...

    async def type_text(self, text: str, gap: float = 0.0) -> None:
        """Send text as one burst of key presses, or one key every `gap` seconds."""
        ...

    async def press(self, keys: tuple[tuple[str, str], ...]) -> None:
        """Press keys (and quoted texts) from one `press` line."""
        ...

    async def settle(self) -> None:
        """Wait until the app is idle and the screen stops changing."""
        ...

    async def tick(self) -> None:
        """Let a little time pass (about 50 ms) while polling for text."""
        ...

    async def screen_text(self) -> str:
        """The screen as plain text right now (no settling)."""
        ...

    async def snapshot(self, title: str, *, as_is: bool = False) -> tuple[str, str]:
        """Clear toasts, settle, and return the screen as text and SVG; `as_is` skips both."""
        ...

    async def field(self, field_id: str) -> str | None:
        """The value of the field with this id on the current screen."""
        ...

    async def move_clock(self, *, when: datetime | None = None, delta: timedelta | None = None) -> None:
        """Set or advance the app's clock and let it check idle and expiry."""
        ...

    async def resize(self, width: int, height: int) -> None:
        """Change the terminal size."""
        ...

    async def latest_message(self, kind: str | None, to: str | None) -> Message | None:
        """The newest message matching kind and address, as its recipient got it (secrets in).

        A script's `outbox` command stands in for the recipient reading their own mail; no screen
        of the app shows a secret to anyone else.
        """
        ...

    async def close(self) -> None:
        """Stop the app and remove its scratch folder."""
        ...
