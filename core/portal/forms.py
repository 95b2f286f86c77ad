"""The portal's forms, declared in data/portal_forms/*.toml and checked here (the screens only draw them).

Each check returns (or raises) problems keyed by the declared field names, so a screen shows each
message at its field.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from core.forms.fields import step_problems
from core.forms.spec import StepSpec, load_form
from core.identity.password_rules import password_rules
from core.kernel.errors import ValidationFailed
from core.portal.policy import policy

MISMATCH = "The two passwords do not match."


@cache
def form(name: str) -> StepSpec:
    """A portal form by its file name in data/portal_forms/ ("add_delegate", "find_account", ...)."""
    return load_form(f"portal_forms/{name}.toml")


def problems(name: str, values: dict[str, Any]) -> dict[str, str]:
    """The declared fields' own checks (required, type, length)."""
    return step_problems(form(name), values)


def require(name: str, values: dict[str, Any]) -> None:
    found = problems(name, values)
    if found:
        raise ValidationFailed(found)


def new_password_problems(new: str, confirm: str, username: str) -> dict[str, str]:
    """Create New Password: the policy's unmet rules at the password, a mismatch at the confirmation."""
    found = problems("new_password", {"new_password": new, "confirm_password": confirm})
    if "new_password" not in found:
        unmet = [r.text for r in password_rules(policy().password, new, username) if not r.ok]
        if unmet:
            found["new_password"] = " ".join(unmet)
    if "confirm_password" not in found and new != confirm:
        found["confirm_password"] = MISMATCH
    return found
