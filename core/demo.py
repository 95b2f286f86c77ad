"""Demo data on a fresh database: four invited producers, one invited agency and one rep, reviewer and admin."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import func, select

from core.identity.models import Account
from core.kernel import meta
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor

PROGRAM = "bcbs_recontracting"


def roster() -> dict[str, Any]:
    return json.loads((DATA_DIR / "demo" / "roster.json").read_text(encoding="utf-8"))


def is_empty(ctx: AppContext) -> bool:
    with reading(ctx.engine) as session:
        return session.exec(select(func.count()).select_from(Account)).one() == 0


def seed(ctx: AppContext) -> None:
    """Fill an empty database; a database with any account is left alone."""
    if not is_empty(ctx):
        return
    # Imported here: a database that already has accounts (every start but the first) never needs them.
    from core.enrollment import demo as enrollment_demo
    from core.identity import accounts
    from core.onboarding import demo as onboarding_demo
    from core.packets.invitations import RosterEntry, invite
    from core.portal import demo as portal_demo

    data = roster()
    admin_id = None
    for person in data["staff"]:
        hashed = ctx.hasher.hash(person["password"])
        with writing(ctx.engine) as session:
            # The marker every demo-only door asks about (core.kernel.meta.is_demo); nothing else writes it.
            meta.mark_demo(session, ctx.clock.now())
            account = accounts.create_account(
                ctx, session, username=person["username"], role=person["role"],
                display_name=person["display_name"], email=person["email"], password_hash=hashed,
            )
            if person["role"] == "admin":
                admin_id = account.id
    assert admin_id is not None
    admin = Actor(admin_id, "admin", auth_method="demo seed")
    for person in data["producers"]:
        fields = {k: v for k, v in person.items() if k != "code"}
        invite(ctx, admin, RosterEntry(**fields), PROGRAM, code=person["code"])
    for person in data.get("econtracting", []):
        fields = {k: v for k, v in person.items() if k != "code"}
        invite(ctx, admin, RosterEntry(**fields), "cigna_econtracting", code=person["code"])
    portal_demo.seed(ctx)
    onboarding_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    # Last, so every other demo packet keeps its key: an agency whose principal signs (issue 14).
    for person in data.get("agencies", []):
        fields = {k: v for k, v in person.items() if k != "code"}
        invite(ctx, admin, RosterEntry(**fields), PROGRAM, code=person["code"])
