"""How far a login can be taken as the account holder's own act, in words for the record.

A temporary password that a staff member had sent may have been read by someone other than the
account holder; a login that used it soon after is flagged on everything it signs.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, timedelta
from functools import cache

from sqlmodel import Session

from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR


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
