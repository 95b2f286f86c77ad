"""The campaign dashboard: counts read from the summary table, the lists behind them, CSV export, bulk countersign.

Counts never scan the members: they come from campaign_count, kept by the writes. Lists page by
member id from an index (campaign, status, id), so the first page is as quick at 100,000 members.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import distinct, func, or_, true
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.campaigns.models import CAMPAIGN_STATUSES, Campaign, CampaignCount, CampaignMember
from core.identity.permissions import require
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, PacketdeskError
from core.kernel.events import Actor
from core.kernel.files import write_private
from core.packets import signing
from core.packets.models import Packet, Producer
from core.packets.program import program

WATCH_REFUSAL = "Only the home office (an admin or a reviewer) can watch a campaign."


@dataclass(frozen=True)
class CampaignLine:
    id: int
    name: str
    program_title: str
    deadline: date
    members: int


@dataclass
class Summary:
    campaign: CampaignLine
    by_status: dict[str, int]
    """Every status in CAMPAIGN_STATUSES, zero when none."""
    by_state: dict[str, dict[str, int]] = field(default_factory=dict)
    by_agency: dict[str, dict[str, int]] = field(default_factory=dict)
    """The first page of agencies, by name (`agency_page` reads the next ones)."""
    agencies: int = 0
    """How many agencies the campaign has in all."""


@dataclass(frozen=True)
class MemberLine:
    member_id: int
    packet_id: int
    packet_key: str
    name: str
    email: str
    states: str
    agency: str
    status: str
    updated_at: datetime


@dataclass(frozen=True)
class Filter:
    """Which list: a status, and a state or an agency (None: any)."""

    status: str | None = None
    state: str | None = None
    agency: str | None = None

    def label(self) -> str:
        parts = [self.status or "every status"]
        if self.state:
            parts.append(f"state {self.state}")
        if self.agency is not None:
            parts.append(f"agency {self.agency or '(none)'}")
        return ", ".join(parts)


def campaigns(ctx: AppContext, actor: Actor) -> list[CampaignLine]:
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    with reading(ctx.engine) as session:
        rows = session.exec(select(Campaign).order_by(col(Campaign.deadline), col(Campaign.id))).all()
        sums: dict[int, int] = {}
        for campaign_id, count in session.exec(select(CampaignCount.campaign_id, CampaignCount.count)
                                               .where(CampaignCount.dimension == "all")).all():
            sums[campaign_id] = sums.get(campaign_id, 0) + count
    return [CampaignLine(c.id, c.name, program(c.program).title, c.deadline, sums.get(c.id, 0))  # type: ignore[arg-type]
            for c in rows]


def first_view(ctx: AppContext, actor: Actor) -> tuple[list[CampaignLine], Summary | None]:
    """What the dashboard paints first, in one call: every campaign, and the summary of the first."""
    found = campaigns(ctx, actor)
    return found, summary(ctx, actor, found[0].id) if found else None


AGENCY_PAGE = 100
"""Agencies read at once: a campaign may have thousands, the dashboard shows a screenful."""


def summary(ctx: AppContext, actor: Actor, campaign_id: int, *, agencies: int = AGENCY_PAGE) -> Summary:
    """Counts by status overall, per state and for the first `agencies` agencies (by name): a few hundred rows
    at most, whatever the campaign's size or its number of agencies."""
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    counted = col(CampaignCount.campaign_id) == campaign_id
    with reading(ctx.engine) as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotAllowed("No such campaign.")
        agency = col(CampaignCount.dimension) == "agency"
        rows = session.exec(select(CampaignCount).where(
            counted, or_(~agency, col(CampaignCount.value).in_(_agency_names(campaign_id, "", agencies))))).all()
        total = session.exec(select(func.count(distinct(col(CampaignCount.value)))).where(counted, agency)).one()
    by_status = dict.fromkeys(CAMPAIGN_STATUSES, 0)
    result = Summary(CampaignLine(campaign_id, campaign.name, program(campaign.program).title, campaign.deadline, 0),
                     by_status)
    for row in rows:
        if row.dimension == "all":
            by_status[row.status] = by_status.get(row.status, 0) + row.count
        else:
            table = result.by_state if row.dimension == "state" else result.by_agency
            table.setdefault(row.value, dict.fromkeys(CAMPAIGN_STATUSES, 0))[row.status] = row.count
    result.campaign = CampaignLine(campaign_id, campaign.name, result.campaign.program_title, campaign.deadline,
                                   sum(by_status.values()))
    result.by_state = dict(sorted(result.by_state.items()))
    result.by_agency = dict(sorted(result.by_agency.items()))
    result.agencies = int(total)
    return result


def _agency_names(campaign_id: int, after: str, limit: int):  # type: ignore[no-untyped-def]
    """A subquery: the names of the `limit` agencies after `after`, in name order (the table's key order)."""
    return select(CampaignCount.value).distinct().where(
        CampaignCount.campaign_id == campaign_id, CampaignCount.dimension == "agency",
        col(CampaignCount.value) > after if after else true(),
    ).order_by(col(CampaignCount.value)).limit(limit)


def _agency_rows(session: Session, campaign_id: int, after: str, limit: int) -> list[CampaignCount]:
    """The count rows of the `limit` agencies named after `after`."""
    return list(session.exec(select(CampaignCount).where(
        CampaignCount.campaign_id == campaign_id, CampaignCount.dimension == "agency",
        col(CampaignCount.value).in_(_agency_names(campaign_id, after, limit)))).all())


def agency_page(
    ctx: AppContext, actor: Actor, campaign_id: int, after: str, limit: int = AGENCY_PAGE
) -> dict[str, dict[str, int]]:
    """Counts by status of the next `limit` agencies after the one named `after`, by name."""
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    page: dict[str, dict[str, int]] = {}
    with reading(ctx.engine) as session:
        for row in _agency_rows(session, campaign_id, after, limit):
            page.setdefault(row.value, dict.fromkeys(CAMPAIGN_STATUSES, 0))[row.status] = row.count
    return dict(sorted(page.items()))


def _query(campaign_id: int, wanted: Filter):  # type: ignore[no-untyped-def]
    query = (
        sa_select(CampaignMember, col(Packet.key), col(Producer.first_name), col(Producer.last_name), col(Producer.email))
        .join(Packet, col(Packet.id) == col(CampaignMember.packet_id))
        .join(Producer, col(Producer.id) == col(Packet.producer_id))
        .where(col(CampaignMember.campaign_id) == campaign_id)
    )
    if wanted.status:
        query = query.where(col(CampaignMember.status) == wanted.status)
    if wanted.agency is not None:
        query = query.where(col(CampaignMember.agency) == wanted.agency)
    if wanted.state:
        # states is "IL,TX": match the whole code, not a part of another
        query = query.where(("," + col(CampaignMember.states) + ",").contains(f",{wanted.state},"))
    return query.order_by(col(CampaignMember.id))


def _line(row) -> MemberLine:  # type: ignore[no-untyped-def]
    member, key, first, last, email = row
    return MemberLine(member.id, member.packet_id, key, f"{first} {last}", email, member.states, member.agency,
                      member.status, as_utc(member.updated_at))


def members(
    ctx: AppContext, actor: Actor, campaign_id: int, wanted: Filter, *, after_id: int = 0, limit: int = 50
) -> list[MemberLine]:
    """One page of the list behind a number, in member order (`after_id`: the last id of the page before)."""
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    query = _query(campaign_id, wanted).where(col(CampaignMember.id) > after_id).limit(limit)
    with reading(ctx.engine) as session:
        return [_line(row) for row in session.execute(query).all()]


EXPORT_COLUMNS = ("packet", "name", "email", "states", "agency", "status", "updated")


def export_csv(ctx: AppContext, actor: Actor, campaign_id: int, wanted: Filter, path: Path | None = None) -> Path:
    """Write the whole list behind a number to a CSV (0600) and return where; no TIN, no code is in it."""
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    after = 0
    while True:
        page = members(ctx, actor, campaign_id, wanted, after_id=after, limit=5000)
        for m in page:
            writer.writerow((m.packet_key, m.name, m.email, m.states, m.agency, m.status, f"{m.updated_at:%Y-%m-%d %H:%M}"))
        if len(page) < 5000:
            break
        after = page[-1].member_id
    if path is None:
        slug = "-".join(p for p in (wanted.status, wanted.state, wanted.agency) if p) or "all"
        slug = "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in slug)
        path = ctx.settings.home / "exports" / f"campaign-{campaign_id}-{slug}-{ctx.clock.now():%Y%m%d-%H%M%S}.csv"
    return write_private(path, buffer.getvalue().encode("utf-8"))


@dataclass
class BulkResult:
    countersigned: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(packet key, why) for the packets that could not be countersigned."""


def countersign_all(
    ctx: AppContext, actor: Actor, campaign_id: int, progress: Callable[[int, int], None] | None = None
) -> BulkResult:
    """Countersign every sent packet of the campaign, one by one: each has its own signatures, event and
    stored documents, exactly as when countersigned alone; one that fails does not stop the others."""
    require(actor, "campaign.watch", message=WATCH_REFUSAL)
    require(actor, "packet.countersign")
    result = BulkResult()
    sent: list[MemberLine] = []
    after = 0
    while True:
        page = members(ctx, actor, campaign_id, Filter(status="sent"), after_id=after, limit=1000)
        sent += page
        if len(page) < 1000:
            break
        after = page[-1].member_id
    for done, line in enumerate(sent, start=1):
        try:
            signing.countersign(ctx, actor, line.packet_id)
            result.countersigned.append(line.packet_key)
        except PacketdeskError as problem:
            result.refused.append((line.packet_key, str(problem)))
        if progress:
            progress(done, len(sent))
    return result
