"""Demo data on a fresh database: four invited producers, one invited agency and one rep, reviewer and admin;
and the packets a data/demo file declares, started by its login-less actor through the program's own calls."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from functools import cache
from typing import Any

from sqlmodel import func, select

from core.forms import date_tokens
from core.forms.layouts import resolve
from core.identity.models import Account
from core.kernel import meta
from core.kernel.config import DATA_DIR, data_file
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import Actor
from core.packets.models import Packet, Producer

PROGRAM = "bcbs_recontracting"
APPLICATIONS = "demo/applications.toml"
"""Quote & Enroll's demo producer and applications."""


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
    seed_packets(ctx, APPLICATIONS)
    # Last, so every other demo packet keeps its key: an agency whose principal signs (issue 14).
    for person in data.get("agencies", []):
        fields = {k: v for k, v in person.items() if k != "code"}
        invite(ctx, admin, RosterEntry(**fields), PROGRAM, code=person["code"])


@cache
def declared(path: str) -> dict[str, Any]:
    """A data/demo file of packets: `program`, its `start` and `submit` calls ("module:name"), the
    `[actor]` who starts them, the `[answers]` template with its default `[names]`, the `[[packets]]`."""
    return tomllib.loads(data_file(path).read_text(encoding="utf-8"))


def demo_answers(today: date, path: str = APPLICATIONS, **names: str) -> dict[str, Any]:
    """The file's answers with its tokens filled: dates counted from `today`, the names given (else its defaults)."""
    data = declared(path)
    return date_tokens.fill(data["answers"], today, {**data.get("names", {}), **names},
                            data.get("date_format", "%m/%d/%Y"))


def demo_actor(ctx: AppContext, path: str = APPLICATIONS) -> Actor | None:
    """DEMO: the file's actor, signed in without a login (made the first time); None on any other database."""
    if not meta.is_demo(ctx):
        return None
    person = declared(path)["actor"]
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == person["username"])).first()
        if account is not None and account.id is not None:
            return Actor(account.id, person["role"], auth_method=person["auth_method"])
        producer = session.exec(select(Producer).where(Producer.email == person["producer_email"])).first()
    if producer is None:
        return None
    with writing(ctx.engine) as session:
        made = Account(username=person["username"], role=person["role"], display_name=person["display_name"],
                       email=person["email"], producer_id=producer.id, created_at=ctx.clock.now())
        session.add(made)
        session.flush()
        assert made.id is not None
        return Actor(made.id, person["role"], auth_method=person["auth_method"])


def seed_packets(ctx: AppContext, path: str) -> None:
    """Start each declared packet as the file's actor (`start(ctx, actor, answers=)`), leave its
    `unanswered` steps empty and, when it says `submit`, submit it (`submit(ctx, actor, id, version)`).

    Nothing is done when the program already has a packet, or outside a demo database."""
    data = declared(path)
    actor = demo_actor(ctx, path)
    if actor is None:
        return
    with reading(ctx.engine) as session:
        if session.exec(select(Packet.id).where(Packet.program == data["program"])).first() is not None:
            return
    start, submit = resolve(data["start"]), resolve(data["submit"])
    today = ctx.clock.now().date()
    for packet in data["packets"]:
        answers = demo_answers(today, path, **packet.get("names", {}))
        answers.update({step: {} for step in packet.get("unanswered", ())})
        view = start(ctx, actor, answers=answers)
        if packet.get("submit", False):
            submit(ctx, actor, view.id, view.version)
