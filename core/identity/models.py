"""Accounts, their password history and their logins (sessions)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    """A person who logs in."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    role: str = Field(index=True)
    """producer, delegate, rep, reviewer or admin."""
    display_name: str
    email: str = Field(index=True)
    mobile: str = ""
    producer_id: int | None = Field(default=None, foreign_key="producer.id", index=True)
    password_hash: str | None = None
    temp_password_hash: str | None = None
    temp_password_expires_at: datetime | None = None
    temp_password_issued_by: int | None = Field(default=None, foreign_key="account.id")
    """The staff member who had the current temporary password sent; None when the person asked."""
    temp_password_issued_at: datetime | None = None
    must_change_password: bool = False
    failed_logins: int = 0
    logins_in_flight: int = 0
    """Attempts counted but not yet judged: they hold their place against the limit until judged."""
    in_flight_since: datetime | None = None
    locked_at: datetime | None = None
    locked_until: datetime | None = None
    """None while locked means only a rep or admin can unlock."""
    active: bool = True
    created_at: datetime


class PasswordHistory(SQLModel, table=True):
    """Earlier password hashes, so a policy can refuse reuse."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    password_hash: str
    created_at: datetime


class Login(SQLModel, table=True):
    """An authenticated session: who, how, from where, and whether it is still open."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    packet_id: int | None = Field(default=None, foreign_key="packet.id", index=True)
    auth_method: str
    host: str = ""
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None = None
    end_reason: str = ""
    attribution_warning: str = ""
    """Why what is signed in this session may not be the account holder's own act ("" when none)."""


class LoginThrottle(SQLModel, table=True):
    """Failed staff sign-ins per username and source: that source waits longer each time; no one is locked out."""

    __tablename__ = "login_throttle"
    __table_args__ = {"info": {"rekey": "clear"}}  # keyed hashes of typed usernames: cannot be recomputed

    name_key: str = Field(primary_key=True)
    """Keyed hash of the username as typed (unknown usernames too, so delays reveal nothing)."""
    source: str = Field(primary_key=True)
    """Where the attempts come from: the host, or the client address when served over SSH."""
    failures: int = 0
    """Attempts counted before their password is checked, cleared by a success."""
    next_at: datetime | None = None
    """No attempt from this source is checked before this time."""
    updated_at: datetime
