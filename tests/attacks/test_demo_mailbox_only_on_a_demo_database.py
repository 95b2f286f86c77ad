"""Attack: make a real database look like the demo, so its mailbox opens without signing in.

The demo mailbox used to open when a staff account had the demo roster's first username and
email. Anyone able to create such an account (an admin, a restore of old data) opened every
message, codes included, to anyone at the welcome screen. Now only the marker the demo seed
writes opens it.
"""

from __future__ import annotations

import json

import pytest

from core.demo import demo_actor
from core.identity import accounts
from core.kernel import meta
from core.kernel.config import DATA_DIR
from core.kernel.db import writing
from core.kernel.errors import NotAllowed
from core.notify import outbox
from core.packets.invitations import RosterEntry, invite
from core.portal import demo as portal_demo
from tests.attacks.secrets_seen import record_secrets
from tests.pilot_helpers import SIZE, app_for, screen_text, wait_until
from tui.desk.outbox import OutboxScreen


def look_alike(ctx) -> None:
    """Every demo staff account as the roster has it, and an invited producer: but no demo seed."""
    roster = json.loads((DATA_DIR / "demo" / "roster.json").read_text(encoding="utf-8"))
    with writing(ctx.engine) as session:
        for person in roster["staff"]:
            accounts.create_account(ctx, session, username=person["username"], role=person["role"],
                                    display_name=person["display_name"], email=person["email"],
                                    password_hash=ctx.hasher.hash(person["password"]))
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    invite(ctx, admin, RosterEntry(first_name="Harriet", last_name="Stone", tin="512-34-1296",
                                   email="harriet.stone@example.com", states=["TX"]), "bcbs_recontracting")


def test_a_database_that_only_looks_like_the_demo_opens_no_mailbox(ctx):
    look_alike(ctx)
    assert not meta.is_demo(ctx)
    for opening in (lambda: outbox.demo_mailbox(ctx), lambda: portal_demo.demo_messages(ctx, "email"),
                    lambda: portal_demo.demo_messages(ctx, "sms")):
        with pytest.raises(NotAllowed, match="demo database"):
            opening()
    assert demo_actor(ctx) is None, "no producer session without a login outside the demo"


def test_only_the_demo_seed_marks_a_database(ctx, demo_ctx):
    assert meta.is_demo(demo_ctx)
    invitations = [m for m in outbox.demo_mailbox(demo_ctx) if m.kind == "invitation"]
    assert any("DEMOIL-ILLINOIS26" in m.body for m in invitations), "the demo mailbox is the recipients' copy"


async def test_the_demo_mailbox_says_it_is_a_demo_and_shows_the_code(sqlite_ctx):
    record_secrets(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, OutboxScreen) and app.screen.table.row_count > 0)
        shown = screen_text(app)
        assert "DEMO MAILBOX: in a real deployment these messages go to each person's email" in shown
        assert "staff never see codes" in shown


async def test_the_welcome_mailbox_of_a_real_database_opens_nothing(ctx, tmp_path):
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("a screen test: one database is enough")
    look_alike(ctx)
    app = app_for(ctx)  # even started as --demo
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, OutboxScreen))
        await wait_until(pilot, lambda: "only open on a demo database" in screen_text(app))
        assert app.screen.table.row_count == 0
