"""What `packetdesk worker` does in one pass: send the campaign mail that is due, and record bounces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import col, select

from core.campaigns import counts, schedule
from core.campaigns.models import CampaignMember
from core.kernel.context import AppContext
from core.kernel.db import writing
from core.kernel.events import record
from core.notify.worker import WorkerSettings, deliver_due

NOT_BOUNCEABLE = ("sent", "countersigned", "expired")
"""A member past these never turns "bounced" because a later message failed."""


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0
    bounced: int = 0
    reminders: int = 0
    warnings: int = 0
    expired: int = 0


def _bounce(ctx: AppContext, packet_ids: list[int]) -> int:
    if not packet_ids:
        return 0
    moved = 0
    with writing(ctx.engine) as session:
        members = session.exec(select(CampaignMember).where(col(CampaignMember.packet_id).in_(packet_ids))).all()
        for member in members:
            if member.status not in NOT_BOUNCEABLE and counts.move(session, member, "bounced"):
                member.updated_at = ctx.clock.now()
                record(session, "campaign email bounced", ctx.clock.now(), packet_id=member.packet_id,
                       detail="every attempt to deliver failed")
                moved += 1
    return moved


def send_due(
    ctx: AppContext, *, settings: WorkerSettings | None = None, pause: Callable[[float], None] | None = None,
    max_batches: int = 0,
) -> PassResult:
    """Deliver every due message, a batch at a time, until none is due (or `max_batches`)."""
    result = PassResult()
    batches = 0
    while True:
        delivery = deliver_due(ctx, settings=settings, pause=pause) if pause else deliver_due(ctx, settings=settings)
        result.sent += delivery.sent
        result.failed += delivery.failed
        result.bounced += _bounce(ctx, delivery.bounced_packets)
        batches += 1
        if not (delivery.sent or delivery.failed) or (max_batches and batches >= max_batches):
            return result


def run_pass(
    ctx: AppContext, *, settings: WorkerSettings | None = None, pause: Callable[[float], None] | None = None,
) -> PassResult:
    """One pass of the worker: the deadline schedule first (reminders, warnings, expiry), then the outbox."""
    scheduled = schedule.apply(ctx)
    result = send_due(ctx, settings=settings, pause=pause)
    result.reminders, result.warnings, result.expired = scheduled.reminders, scheduled.warnings, scheduled.expired
    return result

