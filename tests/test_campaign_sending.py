"""Issue 15, part 2: campaign invitations leave through the worker, paced, retried, never twice.

The SMTP server is the real local one the other tests use (aiosmtpd), made to refuse every third
message it is given.
"""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from core.campaigns import importing, worker
from core.campaigns.models import CampaignCount, CampaignMember
from core.identity import accounts
from core.kernel.db import reading
from core.notify import outbox
from core.notify.models import OutboxMessage
from core.notify.worker import WorkerSettings
from core.packets.invitations import RosterEntry
from tests.helpers.serve import free_port
from tests.helpers.smtp import local_smtp, with_smtp

PROGRAM = "bcbs_recontracting"
DEADLINE = date(2027, 3, 31)
HEADER = "first_name,last_name,tin,email,states,agency\n"


class FailEveryThird:
    """An SMTP handler that refuses every third message (451, try again later) and keeps the others."""

    def __init__(self):
        self.offered = 0
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.offered += 1
        if self.offered % 3 == 0:
            return "451 4.3.0 Try again later"
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def flaky_smtp():
    handler = FailEveryThird()
    with local_smtp(handler) as controller:
        yield controller, handler


def roster(n):
    """n made-up producers with structurally valid SSNs that belong to no one known."""
    rows = [f"Camp{i},Tester,5{i % 90 + 10:02d}-{i // 90 % 90 + 10:02d}-{i + 1000:04d},camp{i}@example.com,TX,Agency {i % 3}\n"
            for i in range(n)]
    return [HEADER, *rows]


FAST = WorkerSettings(send_per_minute=0, batch_size=4, max_attempts=3, retry_minutes=(1, 5), claim_minutes=10)


def test_every_invitation_arrives_once_though_the_server_refuses_every_third(demo_ctx, flaky_smtp):
    controller, handler = flaky_smtp
    ctx = with_smtp(demo_ctx, controller.port)
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    report = importing.import_roster(ctx, admin, PROGRAM, DEADLINE, roster(10))
    assert report.created == 10
    assert handler.offered == 0  # the import only queues: the worker sends
    first = worker.send_due(ctx, settings=FAST, pause=lambda _s: None)
    assert first.sent + first.failed == 10 and first.failed == 3
    # Nothing is due again before the retry time; after it, the refused ones go (some refused again).
    assert worker.send_due(ctx, settings=FAST, pause=lambda _s: None).sent == 0
    for _ in range(4):
        ctx.clock.advance(timedelta(minutes=6))
        worker.send_due(ctx, settings=FAST, pause=lambda _s: None)
    addresses = [envelope.rcpt_tos[0] for envelope in handler.received]
    campaign_addresses = sorted(a for a in addresses if a.startswith("camp"))
    assert campaign_addresses == sorted(f"camp{i}@example.com" for i in range(10))  # each exactly once
    with reading(ctx.engine) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.queue == "worker")).all()
    assert all(r.sent_at is not None and r.bounced_at is None for r in rows)
    assert any(r.attempts >= 1 for r in rows)  # some were retried
    # The code arrives in the email; the stored copy shows it masked.
    delivered = handler.received[0].content.decode()
    stored = outbox.latest(ctx, to=handler.received[0].rcpt_tos[0], kind="invitation")
    assert "invitation code" in delivered and outbox.MASK in stored.body


def test_a_message_every_attempt_fails_is_bounced_and_counted(demo_ctx):
    ctx = with_smtp(demo_ctx, free_port())  # nothing listens there
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    report = importing.import_roster(ctx, admin, PROGRAM, DEADLINE, roster(2))
    for _ in range(FAST.max_attempts):
        result = worker.send_due(ctx, settings=FAST, pause=lambda _s: None)
        assert result.sent == 0
        ctx.clock.advance(timedelta(minutes=6))
    with reading(ctx.engine) as session:
        members = session.exec(select(CampaignMember).where(CampaignMember.campaign_id == report.campaign_id)).all()
        totals = {(c.dimension, c.value, c.status): c.count for c in session.exec(select(CampaignCount)).all()}
    assert {m.status for m in members} == {"bounced"}
    assert totals[("all", "", "bounced")] == 2 and totals[("all", "", "invited")] == 0


def test_two_workers_never_take_the_same_message(demo_ctx, flaky_smtp):
    from core.notify.worker import _claim, _due

    controller, _handler = flaky_smtp
    ctx = with_smtp(demo_ctx, controller.port)
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    importing.import_roster(ctx, admin, PROGRAM, DEADLINE, roster(3))
    due = _due(ctx, 10)
    first, second = _claim(ctx, due, FAST), _claim(ctx, due, FAST)
    assert len(first) == 3 and second == []


def test_a_single_invitation_still_goes_at_once_not_through_the_worker(demo_ctx, flaky_smtp):
    from core.packets import invitations

    controller, handler = flaky_smtp
    ctx = with_smtp(demo_ctx, controller.port)
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    invitations.invite(ctx, admin, RosterEntry("Solo", "Tester", "511-22-3333", "solo@example.com", ["TX"]), PROGRAM)
    assert [e.rcpt_tos[0] for e in handler.received][-1] == "solo@example.com"
