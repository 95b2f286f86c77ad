"""Errors services raise; each message is meant to be shown to the person as it is."""

from __future__ import annotations

from typing import Any


class PacketdeskError(Exception):
    """Base: the message is safe to show (no PII, no secrets)."""


class NotAllowed(PacketdeskError):
    """The actor may not do this (checked in core, not only hidden on screen)."""


class ValidationFailed(PacketdeskError):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("Some fields need attention: " + ", ".join(problems))
        self.problems = problems


class Conflict(PacketdeskError):
    """Someone saved newer data; nothing was overwritten."""

    def __init__(
        self, message: str, theirs: dict[str, Any], current_version: int, *, saved_by: str = "", saved_at: str = ""
    ) -> None:
        super().__init__(message)
        self.theirs = theirs
        """The step's values as the other person saved them."""
        self.current_version = current_version
        self.saved_by = saved_by
        """Who saved them (a name, never an email or other PII)."""
        self.saved_at = saved_at


class LoginFailed(PacketdeskError):
    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked
