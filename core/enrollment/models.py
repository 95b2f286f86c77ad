"""IFM enrollment tables: quotes, and what an application keeps besides its packet (its payment: core.payments)."""

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


class IfmApplication(SQLModel, table=True):
    """What an application keeps besides its packet (status, version, answers: core/packets): its numbers,
    the quote it came from and when it expires (a refusal's reasons are the packet's status_reason; its
    payment is core/payments)."""

    __tablename__ = "ifm_application"

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", unique=True, index=True)
    record_number: str = Field(unique=True, index=True)
    """A-0001 style (also the packet's key)."""
    client_app_id: int = Field(unique=True)
    quote_id: int | None = Field(default=None, foreign_key="ifm_quote.id", index=True)
    created_by: int = Field(foreign_key="account.id")
    expires_at: datetime | None = None
