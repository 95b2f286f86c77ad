"""Issue 15, part 3: reminders, the warning and expiry, as the program declares them, on the injected clock."""

from datetime import timedelta

import pytest
from sqlmodel import select

from core.campaigns import importing, schedule, worker
from core.campaigns.models import CampaignCount, CampaignMember
from core.identity import accounts
from core.kernel.db import reading
from core.kernel.errors import NotAllowed
from core.notify import outbox
from core.notify.models import OutboxMessage
from core.packets import invitations
from core.packets.models import Packet
from core.packets.program import program

PROGRAM = "bcbs_recontracting"
HEADER = "first_name,last_name,tin,email,states,agency\n"
ROWS = [HEADER, "Rem,Tester,521-33-4001,rem@example.com,IL,North\n", "Done,Tester,521-33-4002,done@example.com,TX,South\n"]


def kinds(ctx):
    with reading(ctx.engine) as session:
        return [(m.kind, m.to_address) for m in session.exec(select(OutboxMessage).where(OutboxMessage.queue == "worker")
                                                                .order_by(OutboxMessage.id)).all()]


@pytest.fixture
def campaign(demo_ctx):
    """Two producers invited 40 days before the deadline; the second has already sent their packet."""
    ctx = demo_ctx
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    deadline = ctx.clock.now().date() + timedelta(days=40)
    report = importing.import_roster(ctx, admin, PROGRAM, deadline, ROWS)
    with reading(ctx.engine) as session:
        done = session.exec(select(Packet).join(CampaignMember, CampaignMember.packet_id == Packet.id)
                            .where(CampaignMember.line == 3)).one()
    from core.kernel.db import writing
    with writing(ctx.engine) as session:
        row = session.get(Packet, done.id)
        row.status = "sent"
    return ctx, report.campaign_id, deadline


def test_reminders_come_on_the_declared_days_once_each_only_to_producers_not_finished(campaign):
    ctx, _campaign_id, deadline = campaign
    declared = program(PROGRAM).campaign
    assert declared["reminder_days"] == [30, 14, 7] and declared["warning_days"] == 3
    assert schedule.apply(ctx).reminders == 0  # 40 days before: nothing due
    ctx.clock.advance(timedelta(days=10))  # 30 days before
    assert schedule.apply(ctx).reminders == 1
    assert schedule.apply(ctx).reminders == 0  # never twice
    ctx.clock.advance(timedelta(days=23))  # 7 days before: the 14-day one was missed; only the latest goes
    assert schedule.apply(ctx).reminders == 1
    reminders = [k for k in kinds(ctx) if k[0] == "campaign reminder"]
    assert reminders == [("campaign reminder", "rem@example.com")] * 2
    message = outbox.latest(ctx, to="rem@example.com", kind="campaign reminder")
    assert "7 days from now" in message.body and f"{deadline.year}" in message.subject


def test_the_warning_comes_once_before_the_deadline_then_the_packet_expires_and_says_whom_to_call(campaign):
    ctx, campaign_id, deadline = campaign
    ctx.clock.advance(timedelta(days=37))  # 3 days before
    result = schedule.apply(ctx)
    assert result.warnings == 1 and result.reminders == 0
    assert schedule.apply(ctx).warnings == 0
    ctx.clock.advance(timedelta(days=3))  # the deadline day itself: still open
    assert schedule.apply(ctx).expired == 0
    ctx.clock.advance(timedelta(days=1))  # the day after: closed
    passed = worker.run_pass(ctx)
    assert passed.expired == 1
    with reading(ctx.engine) as session:
        statuses = {m.line: (m.status, p.status) for m, p in session.exec(
            select(CampaignMember, Packet).join(Packet, Packet.id == CampaignMember.packet_id)).all()}
        totals = {(c.dimension, c.value, c.status): c.count for c in session.exec(
            select(CampaignCount).where(CampaignCount.campaign_id == campaign_id)).all()}
    assert statuses[2] == ("expired", "expired") and statuses[3][1] == "sent"
    assert totals[("all", "", "expired")] == 1 and totals[("state", "IL", "expired")] == 1
    assert totals[("agency", "North", "invited")] == 0
    assert ("campaign expired", "rem@example.com") in kinds(ctx)
    # The producer's code now tells why and whom to call.
    code = _recipient_code(ctx, "rem@example.com")
    with pytest.raises(NotAllowed) as refused:
        invitations.open_code(ctx, code)
    assert "closed at its deadline" in str(refused.value) and "855-782-4272" in str(refused.value)
    assert f"{deadline.day}, {deadline.year}" in str(refused.value)
    assert schedule.apply(ctx).expired == 0  # once


def _recipient_code(ctx, address):
    import re

    body = outbox.latest_for_recipient(ctx, to=address, kind="invitation").body
    return re.search(r"^ {4}(\S+-\S+)$", body, re.MULTILINE).group(1)
