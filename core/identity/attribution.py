"""How far a login can be taken as the account holder's own act, in words for the record.

A temporary password that a staff member had sent may have been read by someone other than the
account holder; a login that used it soon after is flagged on everything it signs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.identity.models import Account, Login
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR
from core.kernel.db import reading
from core.kernel.events import Event


@cache
def staff_password_window() -> timedelta:
    raw = tomllib.loads((DATA_DIR / "security.toml").read_text(encoding="utf-8"))["attribution"]
    return timedelta(minutes=int(raw["staff_temporary_password_minutes"]))


def login_warning(session: Session, account: Account, auth_method: str, now: datetime) -> str:
    """Why a new login may not be the account holder's own act; "" when nothing is known against it."""
    if auth_method != "temporary password" or account.temp_password_issued_by is None:
        return ""
    issued = account.temp_password_issued_at
    if issued is None or now - as_utc(issued) > staff_password_window():
        return ""
    staff = session.get(Account, account.temp_password_issued_by)
    who = f"{staff.display_name} ({staff.role})" if staff is not None else "a staff member"
    minutes = int((now - as_utc(issued)).total_seconds() // 60)
    return (f"signed in with a temporary password that {who} had sent {minutes} minute"
            f"{'' if minutes == 1 else 's'} before; the account holder did not ask for it")


@dataclass(frozen=True)
class Doer:
    """Who did something the history records, and how they had signed in."""

    name: str
    role: str
    how: str
    """e.g. "password and email code from host1"; "" when no login was recorded."""
    at: datetime

    def values(self, prefix: str) -> dict[str, str]:
        """As a document's values: "PREFIX.name", "PREFIX.role", "PREFIX.how"."""
        return {f"{prefix}.name": self.name, f"{prefix}.role": self.role, f"{prefix}.how": self.how}


def latest_doer(engine: Engine, kinds: tuple[str, ...], detail: str, packet_id: int | None = None) -> Doer | None:
    """The person behind the latest event of these kinds about `detail` (on that packet, when given; an event
    recorded on no packet, from before it was one, counts), from the event and its login."""
    with reading(engine) as session:
        query = select(Event).where(col(Event.kind).in_(kinds), Event.detail == detail)
        if packet_id is not None:
            query = query.where(or_(col(Event.packet_id) == packet_id, col(Event.packet_id).is_(None)))
        event = session.exec(query.order_by(col(Event.id).desc())).first()
        account = session.get(Account, event.account_id) if event and event.account_id else None
        if event is None or account is None:
            return None
        login = session.get(Login, event.login_id) if event.login_id else None
        how = f"{login.auth_method} from {login.host}" if login else ""
        return Doer(account.display_name, account.role, how, as_utc(event.at))
