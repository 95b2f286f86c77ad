"""The outbox table."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class OutboxMessage(SQLModel, table=True):
    """Every email and text message sent; the body is encrypted (it may hold a temporary password)."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = "email"
    kind: str = Field(index=True)
    to_address: str = Field(index=True)
    subject: str
    body_enc: str
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    packet_id: int | None = Field(default=None, foreign_key="packet.id", index=True)
    created_at: datetime
    sent_at: datetime | None = None
    error: str = ""
