"""Who acts (Actor) and the append-only history of what they did (Event, record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Field, Session, SQLModel


class Event(SQLModel, table=True):
    """Append-only history. Details never carry PII."""

    id: int | None = Field(default=None, primary_key=True)
    packet_id: int | None = Field(default=None, foreign_key="packet.id", index=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    """Who acted (None for the system)."""
    on_behalf_of: int | None = Field(default=None, foreign_key="account.id")
    login_id: int | None = Field(default=None, foreign_key="login.id")
    kind: str = Field(index=True)
    detail: str = ""
    at: datetime = Field(index=True)


@dataclass(frozen=True)
class Actor:
    """Who is acting, through which login, and for whom."""

    account_id: int
    role: str
    login_id: int | None = None
    on_behalf_of: int | None = None
    """The producer's account when a rep acts for them."""
    auth_method: str = ""


def record(
    session: Session,
    kind: str,
    at: datetime,
    *,
    actor: Actor | None = None,
    packet_id: int | None = None,
    detail: str = "",
    account_id: int | None = None,
) -> Event:
    event = Event(
        packet_id=packet_id,
        account_id=actor.account_id if actor else account_id,
        on_behalf_of=actor.on_behalf_of if actor else None,
        login_id=actor.login_id if actor else None,
        kind=kind,
        detail=detail,
        at=at,
    )
    session.add(event)
    return event
