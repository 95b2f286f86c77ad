"""Passwords, temporary passwords, lockouts and staff sign-in. argon2 runs outside transactions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlmodel import Session, col, select

from core.identity import sessions
from core.identity.models import Account, PasswordHistory
from core.identity.password_rules import password_problems
from core.identity.policy import LoginPolicy, PasswordPolicy
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox

STAFF_ROLES = ("rep", "reviewer", "admin")


@cache
def staff_policies() -> tuple[LoginPolicy, PasswordPolicy]:
    raw = tomllib.loads((DATA_DIR / "security.toml").read_text(encoding="utf-8"))["staff"]
    return LoginPolicy(**raw["login_policy"]), PasswordPolicy(**raw["password_policy"])


@dataclass(frozen=True)
class LoginOutcome:
    actor: Actor
    account: Account
    must_change_password: bool


def create_account(
    ctx: AppContext,
    session: Session,
    *,
    username: str,
    role: str,
    display_name: str,
    email: str,
    producer_id: int | None = None,
    password_hash: str | None = None,
) -> Account:
    account = Account(
        username=username,
        role=role,
        display_name=display_name,
        email=email,
        producer_id=producer_id,
        password_hash=password_hash,
        created_at=ctx.clock.now(),
    )
    session.add(account)
    session.flush()
    return account


def get(ctx: AppContext, account_id: int) -> Account:
    with reading(ctx.engine) as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotAllowed("No such account.")
        return account


def lock_message(account: Account, service_phone: str) -> str:
    if account.locked_until is not None:
        until = as_utc(account.locked_until).strftime("%H:%M UTC")
        return f"This account is locked after too many attempts. It unlocks by itself at {until}."
    return (
        "This account is locked after too many failed attempts. "
        f"Call the Producer Service Center at {service_phone} to unlock it."
    )


def issue_temporary_password(
    ctx: AppContext, account_id: int, policy: LoginPolicy, email: dict[str, str], packet_id: int | None = None,
    actor: Actor | None = None,
) -> None:
    """Email a new temporary password; it voids the one before.

    Args:
        actor: the staff member who had it sent (noted: a login with it is flagged on what it
            signs), or None when the account holder asked for it.
    """
    temporary = ctx.ids.token(policy.temp_password_length)
    hashed = ctx.hasher.hash(temporary)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        assert account is not None
        account.temp_password_hash = hashed
        account.temp_password_expires_at = now + timedelta(minutes=policy.temp_password_minutes)
        account.temp_password_issued_by = actor.account_id if actor and actor.account_id != account_id else None
        account.temp_password_issued_at = now
        outbox.queue(
            ctx,
            session,
            kind="temporary password",
            to=account.email,
            template=email,
            values={"name": account.display_name, "minutes": policy.temp_password_minutes},
            secrets={"password": temporary},
            account_id=account_id,
            packet_id=packet_id,
        )
        # Sent by staff: the history names them; asked for by the producer: it names the account.
        record(session, "temporary password sent", now, actor=actor, account_id=account_id, packet_id=packet_id)
    outbox.deliver_pending(ctx)


def check_lock(ctx: AppContext, account_id: int, service_phone: str) -> None:
    """Refuse a locked account; lift a lock whose time has passed."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        if account is None or not account.active:
            raise LoginFailed("This account is not active.")
        if account.locked_at is None:
            return
        if account.locked_until is not None and now >= as_utc(account.locked_until):
            account.locked_at = None
            account.locked_until = None
            account.failed_logins = 0
            record(session, "account unlocked automatically", now, account_id=account_id)
            return
    raise LoginFailed(lock_message(account, service_phone), locked=True)


def note_failure(ctx: AppContext, account_id: int, policy: LoginPolicy, service_phone: str, packet_id: int | None) -> LoginFailed:
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        assert account is not None
        account.failed_logins += 1
        record(session, "login failed", now, account_id=account_id, packet_id=packet_id,
               detail=f"attempt {account.failed_logins} of {policy.max_failures}")
        if account.failed_logins >= policy.max_failures:
            account.locked_at = now
            account.locked_until = (
                now + timedelta(minutes=policy.auto_unlock_minutes) if policy.auto_unlock_minutes else None
            )
            record(session, "account locked", now, account_id=account_id, packet_id=packet_id,
                   detail=f"after {account.failed_logins} failed attempts")
            return LoginFailed(lock_message(account, service_phone), locked=True)
        left = policy.max_failures - account.failed_logins
    return LoginFailed(
        f"That password is not correct. {left} attempt{'s' if left != 1 else ''} left before the account locks."
    )


def login(
    ctx: AppContext,
    account_id: int,
    password: str,
    policy: LoginPolicy,
    *,
    service_phone: str,
    packet_id: int | None = None,
) -> LoginOutcome:
    """Check a password (permanent or temporary) and open a session."""
    check_lock(ctx, account_id, service_phone)
    account = get(ctx, account_id)
    now = ctx.clock.now()
    if ctx.hasher.verify(account.temp_password_hash, password):
        expires = account.temp_password_expires_at
        if expires is None or now >= as_utc(expires):
            with writing(ctx.engine) as session:
                record(session, "expired temporary password refused", now, account_id=account_id, packet_id=packet_id)
            raise LoginFailed(
                f"That temporary password has expired (it was valid {policy.temp_password_minutes} minutes). "
                "Choose Get My Password to have a new one sent."
            )
        method = "temporary password"
    elif ctx.hasher.verify(account.password_hash, password):
        method = "password"
    else:
        raise note_failure(ctx, account_id, policy, service_phone, packet_id)
    with writing(ctx.engine) as session:
        row = session.get(Account, account_id)
        assert row is not None
        row.failed_logins = 0
        if method == "temporary password":
            row.must_change_password = True
        account = row
    actor = sessions.start(ctx, account, method, packet_id)
    return LoginOutcome(actor, account, account.must_change_password)


def staff_login(ctx: AppContext, username: str, password: str) -> LoginOutcome:
    policy, _ = staff_policies()
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == username.strip())).first()
    if account is None or account.role not in STAFF_ROLES:
        # Same wording as a wrong password: do not reveal which usernames exist.
        ctx.hasher.verify(None, password)
        raise LoginFailed("That username and password do not match.")
    assert account.id is not None
    return login(ctx, account.id, password, policy, service_phone="your administrator")


def change_password(
    ctx: AppContext, actor: Actor, new: str, confirm: str, policy: PasswordPolicy
) -> None:
    """Set a new permanent password; ends the temporary one."""
    account = get(ctx, actor.account_id)
    problems = password_problems(policy, new, confirm, account.username)
    if problems:
        raise ValidationFailed({"password": " ".join(problems)})
    if policy.history:
        with reading(ctx.engine) as session:
            earlier = session.exec(
                select(PasswordHistory.password_hash)
                .where(PasswordHistory.account_id == actor.account_id)
                .order_by(col(PasswordHistory.id).desc())
                .limit(policy.history)
            ).all()
        if any(ctx.hasher.verify(h, new) for h in earlier):
            raise ValidationFailed({"password": f"Password can't be one of your last {policy.history} passwords."})
    hashed = ctx.hasher.hash(new)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = session.get(Account, actor.account_id)
        assert row is not None
        row.password_hash = hashed
        row.temp_password_hash = None
        row.temp_password_expires_at = None
        row.must_change_password = False
        session.add(PasswordHistory(account_id=actor.account_id, password_hash=hashed, created_at=now))
        record(session, "password changed", now, actor=actor)


def unlock(ctx: AppContext, actor: Actor, account_id: int, reason: str, packet_id: int | None = None) -> None:
    if actor.role not in ("rep", "admin"):
        raise NotAllowed("Only a service-center rep or an admin can unlock an account.")
    if not reason.strip():
        raise ValidationFailed({"reason": "A reason is required to unlock an account."})
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotAllowed("No such account.")
        account.locked_at = None
        account.locked_until = None
        account.failed_logins = 0
        record(session, "account unlocked", now, actor=actor, packet_id=packet_id,
               detail=f"account #{account_id}: {reason.strip()[:500]}")
