"""Portal rules as plain functions: usernames, masked destinations (screen text: core/portal/masking.py)."""

from __future__ import annotations

import re

from core.forms.identifiers import digits_only

_ALNUM = re.compile(r"^[A-Za-z0-9]+$")


def username_problems(username: str, min_length: int, max_length: int) -> list[str]:
    """What is wrong with a new username (uniqueness is checked by the service)."""
    problems = []
    if len(username) < min_length:
        problems.append(f"Username must be at least {min_length} characters.")
    if len(username) > max_length:
        problems.append(f"Username can be at most {max_length} characters.")
    if username and not _ALNUM.match(username):
        problems.append("Username can contain letters and digits only (no spaces or symbols).")
    return problems


def mask_email(address: str) -> str:
    """The seed's masked email: all but the last three characters of the name hidden (xxxname@email.com)."""
    name, _, domain = address.strip().partition("@")
    if not domain:
        return "your email"
    return f"{'x' * max(len(name) - 4, 3)}{name[-4:] if len(name) > 4 else ''}@{domain}"


def mask_mobile(number: str) -> str:
    """The seed's masked mobile: xxxxxx0001."""
    digits = digits_only(number)
    return f"xxxxxx{digits[-4:]}" if len(digits) >= 4 else "your mobile"


def split_link_code(code: str) -> tuple[str, str]:
    """A SELECTOR-VERIFIER code as typed (spaces and case forgiven)."""
    cleaned = code.strip().upper().replace(" ", "")
    selector, _, verifier = cleaned.partition("-")
    return selector, verifier
