"""The staff side: core services on both databases, then the screens driven with Pilot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from core.desk import staff
from core.identity import accounts
from core.kernel.context import AppContext
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.notify import outbox
from core.packets import invitations, progress
from core.packets.invitations import RosterEntry
from tests.helpers.journey import PROGRAM, log_in_first_time, sign_everything
from tests.pilot_helpers import app_for, wait_until
from tui.app import PacketdeskApp
from tui.desk.home import StaffHomeScreen
from tui.desk.invite import InviteScreen
from tui.desk.login import StaffLoginScreen
from tui.desk.outbox import OutboxScreen
from tui.desk.unlock import UnlockModal
from tui.kit.confirm import ConfirmModal

# --- helpers ------------------------------------------------------------------------------------


def staff_actor(ctx: AppContext, username: str, password: str) -> Actor:
    return accounts.staff_login(ctx, username, password).actor


def made_up_person(n: int) -> RosterEntry:
    """A made-up producer with a structurally valid SSN that belongs to no one known."""
    return RosterEntry(first_name=f"Test{n}", last_name="Person", tin=f"5{n % 90 + 10:02d}-4{n % 9 + 1}-12{n % 90 + 10:02d}",
                       email=f"test{n}@example.com", states=["TX"])


def lock(ctx: AppContext, code: str) -> invitations.OpenedPacket:
    """Lock a demo producer's account with failed logins on their packet."""
    opened = invitations.open_code(ctx, code)
    for _ in range(PROGRAM.login_policy.max_failures):
        with pytest.raises(LoginFailed):
            accounts.login(ctx, opened.account_id, "wrong-Pass1", PROGRAM.login_policy,
                           service_phone="855-782-4272", packet_id=opened.packet_id)
    return opened


def packet_id_for(ctx: AppContext, code: str) -> int:
    return invitations.open_code(ctx, code).packet_id


def drive_to_sent(ctx: AppContext, code: str) -> int:
    opened, outcome = log_in_first_time(ctx, code)
    sign_everything(ctx, outcome, opened.packet_id)
    progress.submit(ctx, outcome.actor, opened.packet_id)
    return opened.packet_id


# --- core ---------------------------------------------------------------------------------------


def test_paging_forward_and_back_has_no_gaps_or_duplicates(demo_ctx):
    admin = staff_actor(demo_ctx, "admin", "Admin#2026")
    seeded = len(staff.list_packets(demo_ctx, admin, limit=1000).rows)
    for n in range(9):
        if n % 3 == 0:  # some changes share a timestamp, so the id must break ties
            demo_ctx.clock.advance(timedelta(minutes=1))
        invitations.invite(demo_ctx, admin, made_up_person(n), PROGRAM.id)
    everything = [r.id for r in staff.list_packets(demo_ctx, admin, limit=1000).rows]
    assert len(everything) == seeded + 9 == len(set(everything))

    pages, page = [], staff.list_packets(demo_ctx, admin, limit=4)
    assert not page.has_previous
    while True:
        pages.append([r.id for r in page.rows])
        if not page.has_next:
            break
        page = staff.list_packets(demo_ctx, admin, after=page.after, limit=4)
    assert [i for p in pages for i in p] == everything
    assert all(len(p) == 4 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 4

    back = [pages[-1]]
    while page.has_previous:
        page = staff.list_packets(demo_ctx, admin, before=page.before, limit=4)
        back.append([r.id for r in page.rows])
    assert back[::-1] == pages


def test_list_rows_carry_what_the_desk_shows(demo_ctx):
    admin = staff_actor(demo_ctx, "admin", "Admin#2026")
    row = staff.packet_row(demo_ctx, admin, packet_id_for(demo_ctx, "DEMOALL-FIVESTATES"))
    assert (row.producer_name, row.program_title, row.status_label, row.locked) == (
        "Harriet [bold]Stone", "Electronic Recontracting", "Invited", False)
    assert row.key.startswith("RC-")
    invited = staff.list_packets(demo_ctx, admin, status="invited", limit=1000).rows
    assert row in invited and all(r.status == "invited" for r in invited)


def test_producer_is_refused_the_packet_list(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    with pytest.raises(NotAllowed):
        staff.list_packets(demo_ctx, Actor(opened.account_id, "producer"))


def test_reviewer_is_refused_unlock(demo_ctx):
    reviewer = staff_actor(demo_ctx, "reviewer", "Review#2026")
    with pytest.raises(NotAllowed):
        staff.unlock_producer(demo_ctx, reviewer, packet_id_for(demo_ctx, "DEMOIL-ILLINOIS26"), "asked nicely")


def test_unlock_needs_a_reason_and_clears_the_lock(demo_ctx):
    rep = staff_actor(demo_ctx, "rep", "RepDesk#2026")
    opened = lock(demo_ctx, "DEMOIL-ILLINOIS26")
    assert staff.packet_row(demo_ctx, rep, opened.packet_id).locked
    with pytest.raises(NotAllowed):
        staff.send_new_temporary_password(demo_ctx, rep, opened.packet_id)
    with pytest.raises(ValidationFailed) as refused:
        staff.unlock_producer(demo_ctx, rep, opened.packet_id, "   ")
    assert "reason" in refused.value.problems
    staff.unlock_producer(demo_ctx, rep, opened.packet_id, "Identity confirmed by phone")
    assert not staff.packet_row(demo_ctx, rep, opened.packet_id).locked
    assert accounts.get(demo_ctx, opened.account_id).failed_logins == 0
    lines = staff.packet_history(demo_ctx, rep, opened.packet_id)
    assert lines[-1].kind == "account unlocked" and lines[-1].who == "Ray Rep"
    assert lines[-1].detail.endswith("Identity confirmed by phone")
    with pytest.raises(NotAllowed):
        staff.unlock_producer(demo_ctx, rep, opened.packet_id, "again")


def test_resend_revokes_the_old_code(demo_ctx):
    rep = staff_actor(demo_ctx, "rep", "RepDesk#2026")
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    staff.resend_invitation(demo_ctx, rep, opened.packet_id)
    with pytest.raises(NotAllowed):
        invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    message = outbox.latest_for_recipient(demo_ctx, to="jose.nguyen@example.com", kind="invitation")
    assert message is not None
    codes = re.findall(r"\b[A-Z0-9]{6}-[A-Z0-9]{10}\b", message.body.upper())
    assert codes and invitations.open_code(demo_ctx, codes[0]).packet_id == opened.packet_id


def test_temporary_password_goes_to_the_outbox_with_an_event(demo_ctx):
    rep = staff_actor(demo_ctx, "rep", "RepDesk#2026")
    packet_id = packet_id_for(demo_ctx, "DEMOIL-ILLINOIS26")
    staff.send_new_temporary_password(demo_ctx, rep, packet_id)
    assert outbox.latest(demo_ctx, to="marisol.oneil@example.com", kind="temporary password") is not None
    lines = staff.packet_history(demo_ctx, rep, packet_id)
    assert (lines[-1].kind, lines[-1].who) == ("temporary password sent", "Ray Rep")
    reviewer = staff_actor(demo_ctx, "reviewer", "Review#2026")
    with pytest.raises(NotAllowed):
        staff.send_new_temporary_password(demo_ctx, reviewer, packet_id)


def test_countersign_only_by_a_reviewer_and_only_when_sent(demo_ctx):
    reviewer = staff_actor(demo_ctx, "reviewer", "Review#2026")
    rep = staff_actor(demo_ctx, "rep", "RepDesk#2026")
    with pytest.raises(NotAllowed):
        staff.countersign(demo_ctx, reviewer, packet_id_for(demo_ctx, "DEMOTX-TEXAS2026"))
    packet_id = drive_to_sent(demo_ctx, "DEMOIL-ILLINOIS26")
    with pytest.raises(NotAllowed):
        staff.countersign(demo_ctx, rep, packet_id)
    with pytest.raises(NotAllowed):
        staff.resend_invitation(demo_ctx, rep, packet_id)
    assert staff.countersign(demo_ctx, reviewer, packet_id).status == "countersigned"


def test_invite_from_the_form_reports_every_problem_by_field(demo_ctx):
    admin = staff_actor(demo_ctx, "admin", "Admin#2026")
    with pytest.raises(ValidationFailed) as refused:
        staff.invite_producer(demo_ctx, admin, {"first_name": "Ann", "tin": "000-12-3456", "tin_kind": "ssn",
                                                "email": "nope", "states": "TX, ZZ"})
    assert set(refused.value.problems) == {"last_name", "tin", "email", "states"}
    invited = staff.invite_producer(demo_ctx, admin, {
        "first_name": "Ann", "last_name": "Example", "tin": "521-44-1234", "tin_kind": "ssn",
        "email": "ann@example.com", "states": "tx nm, TX"})
    row = staff.packet_row(demo_ctx, admin, invited.packet_id)
    assert row.producer_name == "Ann Example"
    reviewer = staff_actor(demo_ctx, "reviewer", "Review#2026")
    with pytest.raises(NotAllowed):
        staff.invite_producer(demo_ctx, reviewer, {})


def test_demo_mailbox_without_sign_in_only_on_a_demo_database(demo_ctx):
    assert "invitation" in {m.kind for m in outbox.demo_mailbox(demo_ctx)}


def test_demo_mailbox_refused_elsewhere_and_the_staff_outbox_is_for_staff(ctx):
    with pytest.raises(NotAllowed):
        outbox.demo_mailbox(ctx)
    with pytest.raises(NotAllowed):
        staff.mailbox(ctx, Actor(1, "producer"))


# --- screens ------------------------------------------------------------------------------------


def desk(app: PacketdeskApp) -> StaffHomeScreen:
    assert isinstance(app.screen, StaffHomeScreen)
    return app.screen


def cell(app: PacketdeskApp, packet_id: int, column: str) -> str:
    table = desk(app).table
    return str(table.get_cell(str(packet_id), column))


async def sign_in(pilot: Pilot, username: str, password: str) -> None:
    app = pilot.app
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, StaffLoginScreen))
    await pilot.press(*username, "enter", *password, "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.page is not None)


async def select_packet(pilot: Pilot, packet_id: int) -> None:
    table = desk(pilot.app).table
    await pilot.press(*["down"] * table.get_row_index(str(packet_id)))
    assert desk(pilot.app).selected is not None and desk(pilot.app).selected.id == packet_id


async def test_admin_invites_a_producer_whose_name_looks_like_markup(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "admin", "Admin#2026")
        before = desk(app).table.row_count
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, InviteScreen))
        # Required fields typed, optional ones passed with Enter (Pilot costs about 50 ms a key); Entity
        # stays Individual, so Agency name stays hidden.
        answers = ["Kim", "O'Neil [/]", "521-44-1234", "", "kim@example.com"] + [""] * 10 + ["TX, NM"]
        for answer in answers:
            await pilot.press(*answer, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.table.row_count == before + 1)
        row = desk(app).page.rows[0]
        assert row.producer_name == "Kim O'Neil [/]"
        assert cell(app, row.id, "producer") == "Kim O'Neil [/]"
        assert any(row.key in n.message for n in app._notifications)
        assert not any(re.search(r"[A-Z0-9]{6}-[A-Z0-9]{10}", n.message) for n in app._notifications), (
            "the invitation code goes to the outbox only")


async def test_invite_shows_problems_at_each_field(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "admin", "Admin#2026")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, InviteScreen))
        screen = app.screen
        assert isinstance(screen, InviteScreen)
        await pilot.press(*"Kim", "enter", "enter", *"000-00-0000")
        screen.form.inputs[-1].focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(str(screen.form.rows["states"].error.content)))
        assert str(screen.form.rows["last_name"].error.content) == "Last name is required."
        assert str(screen.form.rows["tin"].error.content)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen))


async def test_rep_unlocks_a_locked_producer_with_a_reason(sqlite_ctx):
    opened = lock(sqlite_ctx, "DEMOIL-ILLINOIS26")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "rep", "RepDesk#2026")
        assert cell(app, opened.packet_id, "locked") == "locked"
        await select_packet(pilot, opened.packet_id)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, UnlockModal))
        await pilot.press("enter")
        assert isinstance(app.screen, UnlockModal), "a blank reason keeps the modal open"
        await pilot.press(*"Identity confirmed by phone", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen)
                         and cell(app, opened.packet_id, "locked") == "")
        assert accounts.get(sqlite_ctx, opened.account_id).locked_at is None


async def test_reviewer_countersigns_a_sent_packet(sqlite_ctx):
    packet_id = drive_to_sent(sqlite_ctx, "DEMOIL-ILLINOIS26")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "reviewer", "Review#2026")
        assert cell(app, packet_id, "status") == "Sent to Home Office"
        assert not app.screen.check_action("invite", ()), "a reviewer does not invite"
        await select_packet(pilot, packet_id)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen)
                         and cell(app, packet_id, "status") == "Fully Executed")


async def test_demo_mailbox_shows_the_invitations(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        stored = outbox.demo_mailbox(sqlite_ctx)
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, OutboxScreen)
                         and app.screen.table.row_count == len(stored) > 0)
        screen = app.screen
        assert isinstance(screen, OutboxScreen)
        subjects = [str(screen.table.get_row_at(i)[2]) for i in range(len(stored))]
        assert subjects == [m.subject for m in stored]
        # Four demo producers and the demo agency's principal: seed 000 gives both the same subject.
        assert subjects.count(PROGRAM.emails["invitation"]["subject"]) == 5
        await pilot.press("enter")
        assert stored[0].body.splitlines()[0] in str(screen.reader.content)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, OutboxScreen))


async def test_desk_pages_with_pgdn_and_pgup(sqlite_ctx, monkeypatch):
    monkeypatch.setattr(StaffHomeScreen, "PAGE_SIZE", 3)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "rep", "RepDesk#2026")
        first = [r.id for r in desk(app).page.rows]
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: [r.id for r in desk(app).page.rows] != first)
        second = [r.id for r in desk(app).page.rows]
        assert len(first) == 3 and not set(first) & set(second) and max(second) < min(first)
        assert "Page 2" in str(desk(app).status.content)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: [r.id for r in desk(app).page.rows] == first)
        assert "Page 1" in str(desk(app).status.content)


async def test_the_invite_form_brings_back_what_a_dropped_connection_left(sqlite_ctx):
    """A hang-up kept the rep's typing (tests/test_hangup_screens.py); the next visit shows it, Escape drops it."""
    from core.desk import drafts

    rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
    drafts.save_form(sqlite_ctx, rep, "invite", {"first_name": "Zelda", "last_name": "O'Neil", "tin_kind": "SSN"})
    app = app_for(sqlite_ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "rep", "RepDesk#2026")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, InviteScreen)
                         and app.screen.query_one("#f-first_name").value == "Zelda")
        assert app.screen.query_one("#f-last_name").value == "O'Neil"
        await pilot.press("escape")  # Cancel: dropped on purpose
        await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen))
    assert drafts.load_form(sqlite_ctx, rep, "invite") is None
