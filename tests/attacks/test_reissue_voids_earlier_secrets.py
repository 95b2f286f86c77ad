"""From the rep's side of the phone: each code or password the desk re-issues voids the ones before.

A code read aloud, forwarded or left in a mailbox must stop working once a new one is sent. The
tests call the services behind the keys: F5 (new invitation), F6 (temporary password) and F9
(ready for your signature) in a packet; F5 and F8 on the desk call the same two services. The codes
are taken from the recipient's copy, the way the producer would read them.
"""

from __future__ import annotations

import re

import pytest

from core.desk import assist as desk
from core.desk import staff
from core.identity import accounts
from core.kernel.errors import LoginFailed, NotAllowed
from core.notify import outbox
from core.packets import invitations, packets
from tests.helpers.journey import PROGRAM, temporary_password

TX = "DEMOTX-TEXAS2026"
JOSE = "jose.nguyen@example.com"
CODE = re.compile(r"^ {4}(\S+-\S+)$", re.MULTILINE)


def rep_of(ctx):
    return accounts.staff_login(ctx, "rep", "RepDesk#2026").actor


def newest_code(ctx, kind: str) -> str:
    message = outbox.latest_for_recipient(ctx, to=JOSE, kind=kind)
    assert message is not None
    found = CODE.search(message.body)
    assert found, message.subject
    return found.group(1)


def opens(ctx, code: str) -> bool:
    try:
        invitations.open_code(ctx, code)
    except NotAllowed:
        return False
    return True


def test_each_new_invitation_voids_every_earlier_code(demo_ctx):
    rep = rep_of(demo_ctx)
    packet_id = invitations.open_code(demo_ctx, TX).packet_id
    staff.resend_invitation(demo_ctx, rep, packet_id)
    first = newest_code(demo_ctx, "invitation")
    staff.resend_invitation(demo_ctx, rep, packet_id)
    second = newest_code(demo_ctx, "invitation")
    assert (opens(demo_ctx, TX), opens(demo_ctx, first), opens(demo_ctx, second)) == (False, False, True)


def test_each_new_temporary_password_voids_the_one_before(demo_ctx):
    rep = rep_of(demo_ctx)
    opened = invitations.open_code(demo_ctx, TX)
    staff.send_new_temporary_password(demo_ctx, rep, opened.packet_id)
    first = temporary_password(demo_ctx, JOSE)
    staff.send_new_temporary_password(demo_ctx, rep, opened.packet_id)
    second = temporary_password(demo_ctx, JOSE)
    assert first != second
    with pytest.raises(LoginFailed, match="not correct"):
        accounts.login(demo_ctx, opened.account_id, first, PROGRAM.login_policy, service_phone="x",
                       packet_id=opened.packet_id)
    assert accounts.login(demo_ctx, opened.account_id, second, PROGRAM.login_policy, service_phone="x",
                          packet_id=opened.packet_id).must_change_password


def test_ready_for_signature_voids_the_invitation_and_earlier_ready_codes(demo_ctx):
    rep = rep_of(demo_ctx)
    opened = invitations.open_code(demo_ctx, TX)
    view = packets.load(demo_ctx, rep, opened.packet_id)
    packets.save_step(demo_ctx, desk.for_producer(rep, view), opened.packet_id, "interview",
                      view.answers["interview"], view.version)
    desk.request_signature(demo_ctx, rep, opened.packet_id)
    first = newest_code(demo_ctx, "ready for signature")
    desk.request_signature(demo_ctx, rep, opened.packet_id)
    second = newest_code(demo_ctx, "ready for signature")
    assert (opens(demo_ctx, TX), opens(demo_ctx, first), opens(demo_ctx, second)) == (False, False, True)
