"""The append-only packet history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.clock import as_utc
from core.models import Account, Event


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


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    kind: str
    detail: str
    login_id: int | None


def history(session: Session, packet_id: int) -> list[HistoryLine]:
    """The packet's events, oldest first, with who did them ("rep X on behalf of Y")."""
    rows = session.exec(
        select(Event).where(Event.packet_id == packet_id).order_by(col(Event.at), col(Event.id))
    ).all()
    names = {a.id: a.display_name for a in session.exec(select(Account)).all()} if rows else {}
    lines = []
    for event in rows:
        who = names.get(event.account_id, "system") if event.account_id else "system"
        if event.on_behalf_of:
            who = f"{who} on behalf of {names.get(event.on_behalf_of, '?')}"
        lines.append(HistoryLine(as_utc(event.at), who, event.kind, event.detail, event.login_id))
    return lines
