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

    def __init__(self, message: str, theirs: dict[str, Any], current_version: int) -> None:
        super().__init__(message)
        self.theirs = theirs
        self.current_version = current_version


class LoginFailed(PacketdeskError):
    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        self.locked = locked
