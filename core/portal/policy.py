"""The portal's policies, read from data/portal.toml (seed 004), so they stay data, not code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.identity.policy import LoginPolicy, PasswordPolicy
from core.kernel.config import DATA_DIR

PORTAL_FILE = DATA_DIR / "portal.toml"


@dataclass(frozen=True)
class CodePolicy:
    """One-time passcodes and the open steps between them."""

    length: int = 8
    minutes: int = 10
    max_attempts: int = 5
    alphabet: str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    challenge_minutes: int = 15


@dataclass(frozen=True)
class TypingPolicy:
    """The keyboard-pattern check and its threshold."""

    sentence: str
    enroll_samples: int = 3
    threshold: float = 1.4
    min_spread: float = 0.25
    burst_ms: float = 8.0
    max_burst_share: float = 0.3
    max_attempts: int = 3


@dataclass(frozen=True)
class PortalPolicy:
    """Everything the portal decides by policy."""

    title: str
    login: LoginPolicy
    password: PasswordPolicy
    username_min: int
    username_max: int
    codes: CodePolicy
    link_days: int
    remember_days: int
    typing: TypingPolicy
    help_desk: dict[str, str]
    support: dict[str, str]
    emails: dict[str, dict[str, str]]
    texts: dict[str, dict[str, str]]

    @property
    def help_line(self) -> str:
        return f"{self.help_desk['name']}, {self.help_desk['phone']}"


def load_policy(raw: dict[str, Any]) -> PortalPolicy:
    """A policy from the parsed TOML (tests pass their own)."""
    return PortalPolicy(
        title=raw["title"],
        login=LoginPolicy(**raw["login_policy"]),
        password=PasswordPolicy(**raw["password_policy"]),
        username_min=raw["username"]["min_length"],
        username_max=raw["username"]["max_length"],
        codes=CodePolicy(**raw["codes"]),
        link_days=raw["verification_link"]["days"],
        remember_days=raw["remember_device"]["days"],
        typing=TypingPolicy(**raw["typing"]),
        help_desk=dict(raw["help_desk"]),
        support=dict(raw["support"]),
        emails=dict(raw["emails"]),
        texts=dict(raw["texts"]),
    )


@cache
def policy() -> PortalPolicy:
    """The portal policy from data/portal.toml."""
    return load_policy(tomllib.loads(PORTAL_FILE.read_text(encoding="utf-8")))
