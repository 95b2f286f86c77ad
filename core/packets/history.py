"""A packet's history as people read it: who did what, for whom, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.events import Event


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
