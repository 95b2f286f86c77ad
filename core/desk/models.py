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


class FormDraft(SQLModel, table=True):
    """What a staff member typed in a form that is not a packet page (the invite form), kept on a hang-up.

    One per person and form; encrypted (a roster form holds an SSN).
    """

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    form: str = Field(primary_key=True, max_length=40)
    values_enc: str
    updated_at: datetime
