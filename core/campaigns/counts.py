"""The campaign summary: counts per status, overall, per state and per agency, kept by the writes.

Every write that adds a member or moves one to another status calls `move` inside its own
transaction, so the counts never drift from the members and the dashboard never scans them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlmodel import Session, col

from core.campaigns.models import CampaignCount, CampaignMember
from core.kernel.db import insert_ignore

Key = tuple[str, str, str]
"""(dimension, value, status)."""


def keys(member: CampaignMember, status: str) -> list[Key]:
    return keys_of(member.agency, member.states, status)


def keys_of(agency: str, states: str, status: str) -> list[Key]:
    """The counts a member with this agency and these states ("IL,TX") adds to, in a status."""
    return [("all", "", status), ("agency", agency, status), *(("state", s, status) for s in states.split(",") if s)]


def apply(session: Session, campaign_id: int, deltas: Counter[Key]) -> None:
    """Add the deltas to the stored counts (rows created at zero when new), in the caller's transaction."""
    if len(deltas) > 8:
        _apply_many(session, campaign_id, deltas)
        return
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


def _apply_many(session: Session, campaign_id: int, deltas: Counter[Key]) -> None:
    """A batch's deltas (an import's chunk): new rows in one statement, every update in one executemany."""
    table = CampaignCount.__table__  # type: ignore[attr-defined]
    wanted = {k: d for k, d in deltas.items() if d}
    existing = {tuple(row) for row in session.execute(
        select(table.c.dimension, table.c.value, table.c.status).where(table.c.campaign_id == campaign_id)).all()}
    for dimension, value, status in sorted(k for k in wanted if k not in existing):
        insert_ignore(session, CampaignCount, campaign_id=campaign_id, dimension=dimension, value=value,
                      status=status, count=0)
    session.execute(
        update(table)
        .where(table.c.campaign_id == bindparam("b_campaign"), table.c.dimension == bindparam("b_dimension"),
               table.c.value == bindparam("b_value"), table.c.status == bindparam("b_status"))
        .values(count=table.c.count + bindparam("b_delta")),
        [{"b_campaign": campaign_id, "b_dimension": d, "b_value": v, "b_status": s, "b_delta": n}
         for (d, v, s), n in sorted(wanted.items())],
    )
