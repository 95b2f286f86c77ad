"""Password and login policies, declared per program (and for staff in data/security.toml)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 6
    require_digit: bool = True
    require_lower: bool = True
    require_upper: bool = True
    require_any_class: bool = False
    """True: a digit, a lower or an upper case letter is enough (seed 001)."""
    forbid_username: bool = False
    history: int = 0
    max_length: int = 128


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 4
    auto_unlock_minutes: int = 0
    """0: only a rep or admin unlocks."""
    temp_password_minutes: int = 30
    temp_password_length: int = 8
