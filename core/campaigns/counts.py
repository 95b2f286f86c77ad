"""The campaign summary: counts per status, overall, per state and per agency, kept by the writes.

Every write that adds a member or moves one to another status calls `move` inside its own
transaction, so the counts never drift from the members and the dashboard never scans them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import update
from sqlmodel import Session, col

from core.campaigns.models import CampaignCount, CampaignMember
from core.kernel.db import insert_ignore

Key = tuple[str, str, str]
"""(dimension, value, status)."""


def keys(member: CampaignMember, status: str) -> list[Key]:
    found = [("all", "", status), ("agency", member.agency, status)]
    found += [("state", state, status) for state in member.states.split(",") if state]
    return found


def apply(session: Session, campaign_id: int, deltas: Counter[Key]) -> None:
    """Add the deltas to the stored counts (rows created at zero when new), in the caller's transaction."""
    for (dimension, value, status), delta in sorted(deltas.items()):
        if not delta:
            continue
        insert_ignore(session, CampaignCount, campaign_id=campaign_id, dimension=dimension, value=value,
                      status=status, count=0)
        session.execute(
            update(CampaignCount)
            .where(col(CampaignCount.campaign_id) == campaign_id, col(CampaignCount.dimension) == dimension,
                   col(CampaignCount.value) == value, col(CampaignCount.status) == status)
            .values(count=CampaignCount.count + delta)
        )


def added(members: Iterable[CampaignMember]) -> Counter[Key]:
    deltas: Counter[Key] = Counter()
    for member in members:
        deltas.update(keys(member, member.status))
    return deltas


def move(session: Session, member: CampaignMember, new_status: str) -> bool:
    """Change a member's status and the counts with it; False when it already had that status."""
    if member.status == new_status:
        return False
    deltas: Counter[Key] = Counter()
    deltas.subtract(keys(member, member.status))
    deltas.update(keys(member, new_status))
    member.status = new_status
    session.add(member)
    apply(session, member.campaign_id, deltas)
    return True
