"""The outbox table."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class OutboxMessage(SQLModel, table=True):
    """Every email and text message sent; the body is encrypted, its secrets kept apart (see outbox)."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = "email"
    kind: str = Field(index=True)
    to_address: str = Field(index=True)
    subject: str
    body_enc: str
    """The filled template, each secret replaced by a placeholder."""
    secrets_enc: str | None = None
    """The secrets' values, encrypted ("" when none); None for a message stored before they were kept apart."""
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    packet_id: int | None = Field(default=None, foreign_key="packet.id", index=True)
    created_at: datetime
    sent_at: datetime | None = None
    error: str = ""
    queue: str = Field(default="", index=True)
    """"" for mail sent at once (after commit); "worker" for mail the worker sends in paced batches."""
    attempts: int = 0
    next_attempt_at: datetime | None = None
    """When the worker may try again after an SMTP failure (None: now)."""
    claimed_until: datetime | None = None
    """A worker's claim on the message; another worker leaves it alone until then (never a duplicate)."""
    bounced_at: datetime | None = None
    """Set when every attempt failed: the worker gives up."""
