"""The deadline schedule, from the program's [campaign] declaration, on the injected clock.

- reminders `reminder_days` before the deadline to members whose packet is not sent yet: only the
  latest one due is sent (a worker that was stopped for a week sends one reminder, not three),
  and none twice;
- a warning `warning_days` before, once;
- expiry when the deadline day has passed (the deadline is the last day, UTC): the packet closes
  (status "expired", read-only through the declaration's locked_statuses), the history says why,
  the producer gets an email, and the invitation code then shows why and whom to call.

Every message goes through the outbox worker; every status change moves the summary counts in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import not_, or_
from sqlmodel import Session, col, select

from core.campaigns import counts
from core.campaigns.models import Campaign, CampaignMember
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.events import record
from core.notify import outbox
from core.packets.models import Packet
from core.packets.program import Program, program

FINISHED = ("sent", "countersigned", "expired")
"""Packet statuses that need no reminder and never expire."""
CHUNK = 1000


@dataclass
class ScheduleResult:
    reminders: int = 0
    warnings: int = 0
    expired: int = 0


def closes_at(deadline: date) -> datetime:
    """The deadline is the last day to send: the packet closes when it ends (UTC)."""
    return datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=UTC)


def expired_message(prog: Program, deadline: date) -> str:
    center = prog.service_center
    template = prog.campaign.get(
        "expired_message", "This packet closed at its deadline on {deadline}. Call the {center}, {phone}.")
    return str(template).format(deadline=_long(deadline), center=center.get("name", "service center"),
                                phone=center.get("phone", ""), hours=center.get("hours", ""))


def _long(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _open_members(
    session: Session, campaign_id: int, after: int, *needing: Any
) -> list[tuple[CampaignMember, Packet, Account]]:
    """Members whose packet is not finished, a chunk at a time; `needing`: only those a message is still due to."""
    query = (
        select(CampaignMember, Packet, Account)
        .join(Packet, col(Packet.id) == col(CampaignMember.packet_id))
        .join(Account, col(Account.id) == col(Packet.account_id))
        .where(CampaignMember.campaign_id == campaign_id, col(Packet.status).not_in(FINISHED),
               col(CampaignMember.id) > after, *needing)
        .order_by(col(CampaignMember.id))
        .limit(CHUNK)
    )
    return [(m, p, a) for m, p, a in session.exec(query).all()]


def _queue(ctx: AppContext, session: Session, prog: Program, kind: str, packet: Packet, account: Account,
           values: dict[str, Any]) -> None:
    template = prog.emails[kind]
    outbox.queue(ctx, session, kind=template.get("kind", kind), to=account.email, template=template,
                 values={"name": account.display_name, "key": packet.key, **values},
                 account_id=account.id, packet_id=packet.id, by_worker=True)


def apply(ctx: AppContext) -> ScheduleResult:
    """Queue the reminders and warnings due today and expire what is past its deadline, every campaign."""
    result = ScheduleResult()
    with reading(ctx.engine) as session:
        campaigns = list(session.exec(select(Campaign)).all())
    for campaign in campaigns:
        _apply_one(ctx, campaign, result)
    return result


def _apply_one(ctx: AppContext, campaign: Campaign, result: ScheduleResult) -> None:
    assert campaign.id is not None
    prog = program(campaign.program)
    now = ctx.clock.now()
    today = now.date()
    if now >= closes_at(campaign.deadline):
        _expire(ctx, campaign, prog, result)
        return
    days_left = (campaign.deadline - today).days
    reminder_days = sorted(int(d) for d in prog.campaign.get("reminder_days", ()))
    due_reminder = next((d for d in reminder_days if days_left <= d), None)
    warning_days = prog.campaign.get("warning_days")
    warning_due = warning_days is not None and days_left <= int(warning_days)
    if due_reminder is None and not warning_due:
        return
    values = {"deadline": _long(campaign.deadline), "days": days_left}
    # Only members still owed a message: a pass that finds nothing to send reads nothing else.
    owed: list[Any] = []
    if warning_due:
        owed.append(col(CampaignMember.warned_at).is_(None))
    if due_reminder is not None:
        owed.append(not_(("," + col(CampaignMember.reminders_sent) + ",").contains(f",{due_reminder},")))
    after = 0
    while True:
        with writing(ctx.engine) as session:
            batch = _open_members(session, campaign.id, after, or_(*owed))
            for member, packet, account in batch:
                after = member.id or after
                if warning_due and member.warned_at is None:
                    _queue(ctx, session, prog, "campaign_warning", packet, account, values)
                    member.warned_at = now
                    _mark_reminders(member, [d for d in reminder_days if d >= days_left])
                    record(session, "campaign warning queued", now, packet_id=packet.id,
                           detail=f"{days_left} days before the deadline")
                    result.warnings += 1
                elif due_reminder is not None and str(due_reminder) not in member.reminders_sent.split(","):
                    _queue(ctx, session, prog, "campaign_reminder", packet, account, values)
                    _mark_reminders(member, [d for d in reminder_days if d >= due_reminder])
                    record(session, "campaign reminder queued", now, packet_id=packet.id,
                           detail=f"{days_left} days before the deadline")
                    result.reminders += 1
                else:
                    continue
                member.updated_at = now
                session.add(member)
        if len(batch) < CHUNK:
            return


def _mark_reminders(member: CampaignMember, days: list[int]) -> None:
    """Every reminder at or before this one counts as sent: a late worker never sends the older ones."""
    sent = {d for d in member.reminders_sent.split(",") if d} | {str(d) for d in days}
    member.reminders_sent = ",".join(sorted(sent, key=int, reverse=True))


def _expire(ctx: AppContext, campaign: Campaign, prog: Program, result: ScheduleResult) -> None:
    assert campaign.id is not None
    now = ctx.clock.now()
    why = expired_message(prog, campaign.deadline)
    values = {"deadline": _long(campaign.deadline)}
    while True:
        with writing(ctx.engine) as session:
            batch = _open_members(session, campaign.id, 0)
            for member, packet, account in batch:
                packet.status = "expired"
                packet.version += 1
                packet.updated_at = now
                session.add(packet)
                counts.move(session, member, "expired")
                member.expired_at = member.updated_at = now
                _queue(ctx, session, prog, "campaign_expired", packet, account, values)
                record(session, "packet expired", now, packet_id=packet.id, detail=why)
                result.expired += 1
        if len(batch) < CHUNK:
            return
