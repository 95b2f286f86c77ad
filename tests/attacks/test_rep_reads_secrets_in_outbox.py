"""Attack: a rep reads a producer's code or temporary password in the staff outbox and signs as them.

The rep calls the same services the desk's keys call (F5 new invitation, F6 temporary password,
F9 ready for signature, F7/F6 outbox) and collects every word the outbox shows. None of the
secrets the services issued may be among them, and none of the words may open the packet or pass
as the producer's temporary password. Staff still see that each message went out, to whom, when
and about what.
"""

from __future__ import annotations

import re

import pytest

from core.desk import assist as desk
from core.desk import staff
from core.identity import accounts
from core.kernel.errors import NotAllowed
from core.packets import accounts as onboarding_access
from core.packets import invitations, packets, progress
from core.portal import delegates
from core.portal import login as portal_login
from core.portal import passwords as portal_passwords
from tests.attacks.secrets_seen import demo_secrets, leaked, record_secrets, staff_view
from tests.helpers.journey import PROGRAM, log_in_first_time, sign_everything
from tests.helpers.onboarding import PROGRAM as HCSC
from tests.portal_helpers import PRODUCER, sign_in_by_email

TX = "DEMOTX-TEXAS2026"
JOSE = "jose.nguyen@example.com"


def rep_of(ctx):
    return accounts.staff_login(ctx, "rep", "RepDesk#2026").actor


def words_on_screen(text: str) -> set[str]:
    """What a rep could copy from the outbox and try: every run of 6 to 40 visible characters."""
    return set(re.findall(r"[^\s•()'\".,:;]{6,40}", text))


def codes_that_open(ctx, words: set[str]) -> list[str]:
    opened = []
    for word in words:
        try:
            invitations.open_code(ctx, word)
        except NotAllowed:
            continue
        opened.append(word)
    return opened


def test_rep_cannot_lift_an_invitation_code_or_temporary_password(demo_ctx):
    recording = record_secrets(demo_ctx)
    rep = rep_of(demo_ctx)
    opened = invitations.open_code(demo_ctx, TX)
    staff.resend_invitation(demo_ctx, rep, opened.packet_id)  # F5
    staff.send_new_temporary_password(demo_ctx, rep, opened.packet_id)  # F6
    seen = staff_view(demo_ctx, rep, opened.account_id)  # F7 in the packet, F6 on the desk

    assert recording.issued, "the services issued a new code and a temporary password"
    assert leaked(recording.issued + demo_secrets(), seen) == []
    words = words_on_screen(seen)
    account = accounts.get(demo_ctx, opened.account_id)
    assert [w for w in words if demo_ctx.hasher.verify(account.temp_password_hash, w)] == []
    assert codes_that_open(demo_ctx, words) == []

    # What staff may know: that each message went out, to whom, when and about what.
    mine = staff.mailbox(demo_ctx, rep, account_id=opened.account_id)
    assert [(m.kind, m.to_address) for m in mine[:2]] == [("temporary password", JOSE), ("invitation", JOSE)]
    assert mine[0].subject == PROGRAM.emails["temporary_password"]["subject"]
    assert mine[0].body.startswith("Dear José Nguyễn,") and "••••••••" in mine[0].body


def test_rep_cannot_lift_the_code_of_a_ready_for_signature_email(demo_ctx):
    recording = record_secrets(demo_ctx)
    rep = rep_of(demo_ctx)
    opened = invitations.open_code(demo_ctx, TX)
    view = packets.load(demo_ctx, rep, opened.packet_id)
    acting = desk.for_producer(rep, view)
    packets.save_step(demo_ctx, acting, opened.packet_id, "interview", view.answers["interview"], view.version)
    desk.request_signature(demo_ctx, rep, opened.packet_id)  # F9
    seen = staff_view(demo_ctx, rep, opened.account_id)
    assert len(recording.issued) == 1 and leaked(recording.issued, seen) == []
    assert codes_that_open(demo_ctx, words_on_screen(seen)) == []


def test_rep_cannot_lift_an_hcsc_temporary_password(demo_ctx):
    recording = record_secrets(demo_ctx)
    admin = accounts.staff_login(demo_ctx, "admin", "Admin#2026").actor
    invited = onboarding_access.invite(demo_ctx, admin, "hcsc_onboarding", "new.hcsc@example.com", ["TX"])
    onboarding_access.get_my_password(demo_ctx, "hcsc_onboarding", invited.user_id)  # a rep can type anyone's User ID
    rep = rep_of(demo_ctx)
    seen = staff_view(demo_ctx, rep, invited.account_id)
    assert len(recording.issued) == 2 and leaked(recording.issued + demo_secrets(), seen) == []
    account = accounts.get(demo_ctx, invited.account_id)
    assert [w for w in words_on_screen(seen) if demo_ctx.hasher.verify(account.temp_password_hash, w)] == []
    assert HCSC.emails["invitation"]["subject"] in seen, "staff still see that the invitation went out"


def test_rep_cannot_reset_a_portal_password_or_pass_its_login_check(demo_ctx):
    """Forgot password, then the reset code and the login code, read from the staff outbox."""
    recording = record_secrets(demo_ctx)
    found = portal_passwords.find_account(demo_ctx, PRODUCER[0])
    portal_passwords.send_code(demo_ctx, found, "email")
    portal_passwords.send_code(demo_ctx, found, "sms")
    pending = portal_login.log_in(demo_ctx, *PRODUCER)
    assert isinstance(pending, portal_login.PendingLogin)
    portal_login.send_code(demo_ctx, pending, "email")
    portal_login.send_code(demo_ctx, pending, "sms")
    seen = staff_view(demo_ctx, rep_of(demo_ctx), pending.ticket.account_id)
    codes = [s for s in recording.issued if len(s) == 8]
    assert len(codes) == 4 and leaked(recording.issued, seen) == []
    assert "Verification code" in seen, "the text messages are listed, their codes masked"


def test_rep_cannot_lift_a_delegate_confirmation_code(demo_ctx):
    producer = sign_in_by_email(demo_ctx, PRODUCER).actor
    recording = record_secrets(demo_ctx)
    delegates.add_delegate(demo_ctx, producer, {"username": "jmorales7", "email": "jo.morales@example.com",
                                               "first_name": "Jo", "last_name": "Morales",
                                               "mobile": "918-555-0003"}, ["IL"])
    seen = staff_view(demo_ctx, rep_of(demo_ctx))
    assert recording.issued and leaked(recording.issued, seen) == []
    with pytest.raises(NotAllowed):
        for word in words_on_screen(seen):
            if "-" in word:
                portal_passwords.verify_email(demo_ctx, word)
        raise NotAllowed("no word on the screen confirmed the delegate's email")


def test_rep_cannot_lift_the_code_in_the_congratulations_email(demo_ctx):
    opened, producer = log_in_first_time(demo_ctx, "DEMOIL-ILLINOIS26")
    sign_everything(demo_ctx, producer, opened.packet_id)
    recording = record_secrets(demo_ctx)
    progress.submit(demo_ctx, producer.actor, opened.packet_id)
    seen = staff_view(demo_ctx, rep_of(demo_ctx), opened.account_id)
    assert len(recording.issued) == 1 and leaked(recording.issued, seen) == []
    assert codes_that_open(demo_ctx, words_on_screen(seen)) == []
