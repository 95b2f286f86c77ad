"""What is kept of a packet's payment: one row each time it is paid or put off; the newest says its status.

Of a card only the brand and last 4 are kept; a bank account's routing and account numbers are encrypted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

PAID = "paid"
LATER = "later"


class PacketPayment(SQLModel, table=True):
    """A payment taken for a packet (status "paid"), or put off to be billed later ("later": no method, nothing taken)."""

    __tablename__ = "packet_payment"

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int = Field(foreign_key="packet.id", index=True)
    method: str = ""
    """bank or card; empty when put off."""
    brand: str = ""
    last4: str = ""
    routing_enc: str | None = None
    account_enc: str | None = None
    amount_cents: int = 0
    """What was taken (0 when put off)."""
    payment_date: date | None = None
    autopay: bool = False
    confirmation: str = ""
    status: str
    """paid or later; the program's [payment] says how each reads."""
    created_by: int = Field(foreign_key="account.id")
    created_at: datetime
