"""Portal tables: delegates, one-time codes, email links, login steps, typing profiles, devices.

Secrets here exist only as hashes: one-time codes (short, typed) as argon2; link verifiers, step
tickets and device tokens (random, long) as keyed HMAC-SHA-256 hashes (core.kernel.tokens).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class PortalAccount(SQLModel, table=True):
    """An account that signs in to the Producer Experience Portal (a producer or a delegate)."""

    __tablename__ = "portal_account"

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    kind: str = Field(index=True)
    """producer or delegate."""
    email_verified_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime


class DelegateLink(SQLModel, table=True):
    """A delegate working for a producer, in some of the producer's states."""

    __tablename__ = "portal_delegate_link"
    __table_args__ = (UniqueConstraint("delegate_account_id", "producer_account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    delegate_account_id: int = Field(foreign_key="account.id", index=True)
    producer_account_id: int = Field(foreign_key="account.id", index=True)
    producer_id: int = Field(foreign_key="producer.id", index=True)
    states: str
    """Assigned states, comma separated; always a subset of the producer's states."""
    active: bool = True
    created_at: datetime
    changed_at: datetime


class OneTimeCode(SQLModel, table=True):
    """An 8-character passcode sent by email or text; found by account and purpose, never by hash."""

    __tablename__ = "portal_code"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    purpose: str
    """login or password."""
    channel: str
    """email or sms."""
    code_hash: str
    attempts: int = 0
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    voided_at: datetime | None = None


class EmailLink(SQLModel, table=True):
    """A "Confirm Your Email Address" link; in the terminal a SELECTOR-VERIFIER code."""

    __tablename__ = "portal_email_link"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    selector: str = Field(unique=True, index=True)
    verifier_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    voided_at: datetime | None = None


class AuthChallenge(SQLModel, table=True):
    """An open step between screens: a password passed (login) or an account found (password reset)."""

    __tablename__ = "portal_challenge"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    purpose: str
    """login or password."""
    ticket_hash: str
    created_at: datetime
    expires_at: datetime
    verified_at: datetime | None = None
    """When the one-time code of a password reset was accepted."""
    completed_at: datetime | None = None
    typing_attempts: int = 0


class TypingProfile(SQLModel, table=True):
    """The enrolled keyboard rhythm of one account (encrypted: it is biometric data)."""

    __tablename__ = "portal_typing_profile"

    account_id: int = Field(foreign_key="account.id", primary_key=True)
    sentence: str
    features_enc: str
    samples: int
    enrolled_at: datetime


class DeviceToken(SQLModel, table=True):
    """A remembered device: the token lives in the user's config folder, only its hash here."""

    __tablename__ = "portal_device"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    selector: str = Field(unique=True, index=True)
    token_hash: str
    host: str = ""
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
