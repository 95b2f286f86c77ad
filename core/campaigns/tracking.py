"""A campaign member follows its packet: status and summary counts, in the transaction that moved the packet.

Importing this module registers the follower with core.packets.followers; a program that runs
campaigns lists it under `modules` in its declaration, so it is registered wherever the program is loaded.
"""

from __future__ import annotations

from sqlmodel import Session, select

from core.campaigns import counts
from core.campaigns.models import CampaignMember
from core.packets.followers import follow

PROGRESS = ("invited", "opened", "in_progress", "signed", "sent", "countersigned")
"""A member only moves forward along these (a second save does not make a signed packet "in progress")."""


@follow
def packet_progressed(session: Session, packet_id: int, step: str) -> None:
    member = session.exec(select(CampaignMember).where(CampaignMember.packet_id == packet_id)).first()
    if member is None or member.status == "expired":
        return
    if member.status in PROGRESS and PROGRESS.index(step) <= PROGRESS.index(member.status):
        return
    counts.move(session, member, step)  # bounced -> any progress: the producer got in after all
