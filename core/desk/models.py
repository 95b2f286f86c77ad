"""Call notes a rep keeps on a packet."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class CallNote(SQLModel, table=True):
    """A rep's note on a packet; the text is encrypted (callers read out anything)."""

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    account_id: int = Field(foreign_key="account.id")
    text_enc: str
    created_at: datetime
