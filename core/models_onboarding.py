"""Tables of HCSC onboarding (seed 001): uploaded files and issued producer identification numbers.

Upload bytes live in the database (LargeBinary), not under PACKETDESK_HOME: a call center shares
one PostgreSQL across machines, and a reviewer on another machine must open the same file; one
backup also covers everything. Files are at most 3 MB (seed 001), so rows stay small.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel


class Upload(SQLModel, table=True):
    """One uploaded file for an upload field of a packet; a replaced file is kept with replaced_at set."""

    __tablename__ = "onboarding_upload"

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    field: str
    """The qualified field, e.g. eo.declaration."""
    filename: str
    content_type: str
    size: int
    sha256: str = Field(index=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: int = Field(foreign_key="account.id")
    uploaded_at: datetime
    replaced_at: datetime | None = None


class ProducerNumber(SQLModel, table=True):
    """The carrier's 9-digit producer identification number, issued once per approved packet."""

    __tablename__ = "onboarding_producer_number"

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)
    packet_id: int = Field(foreign_key="packet.id", unique=True)
    producer_id: int = Field(foreign_key="producer.id", index=True)
    issued_by: int = Field(foreign_key="account.id")
    issued_at: datetime
