"""IFM enrollment tables: saved quotes (an application is a packet: core/packets/records.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class IfmQuote(SQLModel, table=True):
    """A saved quote: where the household lives, who is in it, and the plans chosen."""

    __tablename__ = "ifm_quote"

    id: int | None = Field(default=None, primary_key=True)
    producer_id: int = Field(foreign_key="producer.id", index=True)
    created_by: int = Field(foreign_key="account.id")
    label: str = ""
    """The primary applicant's name when given, else "Quote Q-0001"."""
    state: str
    zip: str
    county: str
    rating_area: str
    household_enc: str
    """The members (relationship, birth date, sex, tobacco) as encrypted JSON: birth dates are PII."""
    medical_plan_id: str = ""
    dental_plan_id: str = ""
    effective_date: date
    monthly_premium_cents: int = 0
    created_at: datetime
    updated_at: datetime = Field(index=True)
