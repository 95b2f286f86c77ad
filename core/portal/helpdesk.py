"""What the desk does for a portal user on a help-desk ticket: reset their typing pattern.

The form is data/portal_forms/typing_reset.toml; who may use it is the permission table ("typing.reset").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from core.identity.models import Account
from core.identity.permissions import require
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from core.portal import forms as portal_forms
from core.portal import typing_pattern
from core.portal.login import portal_account
from core.portal.models import PortalAccount

UNKNOWN = "No producer or delegate on the portal has that username."


@dataclass(frozen=True)
class ResetDone:
    username: str
    name: str


def portal_username(ctx: AppContext, account_id: int | None) -> str:
    """The portal username of an account, or "" when it has no portal account (a form's starting value)."""
    if account_id is None:
        return ""
    with reading(ctx.engine) as session:
        row = session.exec(
            select(Account.username)
            .join(PortalAccount, PortalAccount.account_id == Account.id)  # type: ignore[arg-type]
            .where(Account.id == account_id)
        ).first()
    return row or ""


def reset_problems(ctx: AppContext, values: dict[str, Any]) -> dict[str, str]:
    """The form's problems keyed by field: its declared checks, then whether the username is a portal user's."""
    problems = portal_forms.problems("typing_reset", values)
    if "username" not in problems:
        with reading(ctx.engine) as session:
            if portal_account(session, str(values.get("username") or "")) is None:
                problems["username"] = UNKNOWN
    return problems


def reset_typing(ctx: AppContext, actor: Actor, values: dict[str, Any]) -> ResetDone:
    """Clear the named portal user's typing pattern, the reason in the history; they enroll at the next login."""
    require(actor, "typing.reset")
    problems = reset_problems(ctx, values)
    if problems:
        raise ValidationFailed(problems)
    with reading(ctx.engine) as session:
        account = portal_account(session, str(values["username"]))
    assert account is not None and account.id is not None
    typing_pattern.reset(ctx, actor, account.id, str(values["reason"]))
    return ResetDone(account.username, account.display_name)
