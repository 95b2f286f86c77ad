"""Campaign tables: the campaign, one member row per invited producer, and the summary counts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

CAMPAIGN_STATUSES = ("invited", "opened", "in_progress", "signed", "sent", "countersigned", "expired", "bounced")
"""A member's place in a campaign, in the order the dashboard shows them."""


class Campaign(SQLModel, table=True):
    """A program's recontracting of a whole book, with the deadline every member must meet."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    program: str = Field(index=True)
    deadline: date
    created_at: datetime
    created_by: int | None = Field(default=None, foreign_key="account.id")


class CampaignMember(SQLModel, table=True):
    """One producer invited by a campaign: its packet, what the dashboard groups by, and what was sent."""

    __tablename__ = "campaign_member"
    __table_args__ = (UniqueConstraint("campaign_id", "tin_index", name="uq_campaign_member_tin"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    packet_id: int = Field(foreign_key="packet.id", unique=True)
    tin_index: str = Field(index=True)
    """The producer's TIN blind index: one member per producer and campaign (the file is imported once)."""
    agency: str = ""
    states: str = ""
    """Contracted states, comma separated."""
    status: str = Field(default="invited")
    """One of CAMPAIGN_STATUSES."""
    line: int = 0
    """The roster line the member came from."""
    reminders_sent: str = ""
    """Days-before-deadline of the reminders already queued, comma separated (never twice)."""
    warned_at: datetime | None = None
    expired_at: datetime | None = None
    updated_at: datetime


class CampaignCount(SQLModel, table=True):
    """How many members of a campaign are in a status, overall ("all"), per state and per agency.

    Kept current by every write that changes a member's status, in the same transaction, so the
    dashboard reads a few rows instead of counting 100,000.
    """

    __tablename__ = "campaign_count"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    dimension: str = Field(primary_key=True)
    """all, state or agency."""
    value: str = Field(primary_key=True)
    status: str = Field(primary_key=True)
    count: int = 0
