"""Tokens: random codes are keyed hashes (not argon2), and a new code for a packet voids every earlier one.

The attacks: "ready for your signature" and the submitted email each issued a new invitation code and
left the old ones alive, so a code read once (from a forwarded email, a shared screen) kept opening the
packet; and every invitation cost a full argon2 hash, so a campaign of 100,000 invitations took hours.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.desk import assist as desk
from core.identity import accounts
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed
from core.kernel.tokens import PREFIX
from core.notify import outbox
from core.packets import invitations, progress
from core.packets.models import Invitation
from core.portal import login as portal_login
from core.portal.models import AuthChallenge, DeviceToken, EmailLink
from tests.helpers.attacks import CountingHasher
from tests.helpers.journey import log_in_first_time, sign_everything
from tests.portal_helpers import sign_in_by_email

REFUSED = "invitation code is not valid"


def code_in(message) -> str:
    return next(line.strip() for line in message.body.splitlines() if line.startswith("    ") and "-" in line)


@pytest.fixture
def rep(demo_ctx):
    return accounts.staff_login(demo_ctx, "rep", "RepDesk#2026").actor


def test_ready_for_signature_voids_the_earlier_codes(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    desk.request_signature(demo_ctx, rep, opened.packet_id)
    first = code_in(outbox.latest_for_recipient(demo_ctx, kind="ready for signature"))
    with pytest.raises(NotAllowed, match=REFUSED):
        invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    assert invitations.open_code(demo_ctx, first).packet_id == opened.packet_id
    desk.request_signature(demo_ctx, rep, opened.packet_id)
    second = code_in(outbox.latest_for_recipient(demo_ctx, kind="ready for signature"))
    assert second != first
    with pytest.raises(NotAllowed, match=REFUSED):
        invitations.open_code(demo_ctx, first)
    assert invitations.open_code(demo_ctx, second).packet_id == opened.packet_id


def test_a_new_invitation_voids_the_earlier_codes(demo_ctx, rep):
    opened = invitations.open_code(demo_ctx, "DEMONMOK-NMOK2026")
    code = invitations.reinvite(demo_ctx, rep, opened.packet_id)
    with pytest.raises(NotAllowed, match=REFUSED):
        invitations.open_code(demo_ctx, "DEMONMOK-NMOK2026")
    assert invitations.open_code(demo_ctx, code).packet_id == opened.packet_id


def test_the_submitted_emails_code_voids_the_invitation_code(demo_ctx):
    opened, outcome = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    sign_everything(demo_ctx, outcome, opened.packet_id)
    progress.submit(demo_ctx, outcome.actor, opened.packet_id)
    submitted = outbox.latest_for_recipient(demo_ctx, account_id=opened.account_id)
    code = code_in(submitted)
    with pytest.raises(NotAllowed, match=REFUSED):
        invitations.open_code(demo_ctx, "DEMOIL-ILLINOIS26")
    assert invitations.open_code(demo_ctx, code).packet_id == opened.packet_id


def test_a_caller_may_keep_the_earlier_codes_on_purpose(demo_ctx):
    opened = invitations.open_code(demo_ctx, "DEMOALL-FIVESTATES")
    with writing(demo_ctx.engine) as session:
        extra = invitations.new_code(demo_ctx, session, opened.packet_id, keep_earlier=True)
    assert invitations.open_code(demo_ctx, "DEMOALL-FIVESTATES").packet_id == opened.packet_id
    assert invitations.open_code(demo_ctx, extra).packet_id == opened.packet_id


def test_inviting_costs_no_argon2_and_stores_a_keyed_hash(demo_ctx):
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    demo_ctx.hasher = hasher = CountingHasher(demo_ctx.hasher, delay=0)
    invited = invitations.invite(demo_ctx, admin, invitations.RosterEntry(
        first_name="Ana", last_name="Lopez", tin="401-22-3344", email="ana.lopez@example.com", states=["TX"]),
        "bcbs_recontracting")
    assert hasher.hashed == 0
    assert invitations.open_code(demo_ctx, invited.code).packet_id == invited.packet_id
    assert hasher.checked == []
    with reading(demo_ctx.engine) as session:
        stored = session.exec(select(Invitation).where(Invitation.packet_id == invited.packet_id)).one()
    verifier = invited.code.split("-")[1]
    assert stored.verifier_hash.startswith(PREFIX) and verifier not in stored.verifier_hash


def test_invitation_rows_hashed_with_argon2_before_still_open(demo_ctx):
    """Kept working deliberately: rows written before keyed hashes are recognised by their $argon2 prefix."""
    opened = invitations.open_code(demo_ctx, "DEMOTX-TEXAS2026")
    with writing(demo_ctx.engine) as session:
        session.add(Invitation(packet_id=opened.packet_id, selector="OLDROW", created_at=demo_ctx.clock.now(),
                               verifier_hash=demo_ctx.hasher.hash("LEGACY2025")))
    assert invitations.open_code(demo_ctx, "OLDROW-LEGACY2025").packet_id == opened.packet_id
    with pytest.raises(NotAllowed, match=REFUSED):
        invitations.open_code(demo_ctx, "OLDROW-LEGACY2026")


def test_device_tokens_links_and_step_tickets_are_keyed_hashes(demo_ctx):
    signed = sign_in_by_email(demo_ctx, remember=True)
    assert signed.device_token
    with reading(demo_ctx.engine) as session:
        stored = [row.token_hash for row in session.exec(select(DeviceToken))]
        stored += [row.verifier_hash for row in session.exec(select(EmailLink))]
        stored += [row.ticket_hash for row in session.exec(select(AuthChallenge))]
    assert stored and all(value.startswith(PREFIX) for value in stored), stored
    # The remembered device still skips the code.
    assert isinstance(portal_login.log_in(demo_ctx, "dpatel2026", "Delegate#2026", signed.device_token),
                      portal_login.SignedIn)


def test_a_selector_drawn_twice_is_drawn_again(demo_ctx):
    """Found by the 100,000-invitation benchmark: a repeated 6-character selector crashed the invitation."""
    from core.kernel.clock import SeededIds

    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    first = invitations.invite(demo_ctx, admin, invitations.RosterEntry(
        first_name="Ana", last_name="Lopez", tin="401-22-3344", email="ana.lopez@example.com", states=["TX"]),
        "bcbs_recontracting")
    demo_ctx.ids = SeededIds(1234)  # replay the same draws: the next selector would repeat an earlier one
    for n in range(3):
        invited = invitations.invite(demo_ctx, admin, invitations.RosterEntry(
            first_name=f"Ben{n}", last_name="Ortiz", tin=f"402-2{n}-3345", email=f"ben{n}@example.com", states=["TX"]),
            "bcbs_recontracting")
        assert invitations.open_code(demo_ctx, invited.code).packet_id == invited.packet_id
    assert invitations.open_code(demo_ctx, first.code).packet_id == first.packet_id
