"""Tables of HCSC onboarding (seed 001): issued producer identification numbers."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class ProducerNumber(SQLModel, table=True):
    """The carrier's 9-digit producer identification number, issued once per approved packet."""

    __tablename__ = "onboarding_producer_number"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)
    packet_id: int = Field(foreign_key="packet.id", unique=True)
    producer_id: int = Field(foreign_key="producer.id", index=True)
    issued_by: int = Field(foreign_key="account.id")
    issued_at: datetime
