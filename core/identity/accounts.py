"""Passwords, temporary passwords, lockouts and staff sign-in. argon2 runs outside transactions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlmodel import Session, col, select

from core.identity import sessions, throttle
from core.identity.models import Account, PasswordHistory
from core.identity.password_rules import password_problems
from core.identity.policy import LoginPolicy, PasswordPolicy
from core.identity.throttle import name_key, staff_throttle
from core.kernel.clock import as_utc
from core.kernel.config import DATA_DIR
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox

STAFF_ROLES = ("rep", "reviewer", "admin")
ABANDONED_AFTER = timedelta(minutes=2)
"""Far longer than one check takes (two argon2 verifications, well under a second)."""


@cache
def staff_password_policy() -> PasswordPolicy:
    raw = tomllib.loads((DATA_DIR / "security.toml").read_text(encoding="utf-8"))["staff"]
    return PasswordPolicy(**raw["password_policy"])


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


def reserve_attempt(
    ctx: AppContext, account_id: int, policy: LoginPolicy, service_phone: str, packet_id: int | None = None
) -> int:
    """Count an attempt before its password is checked, under a row lock; returns its number.

    At most `policy.max_failures` attempts are ever checked, however many arrive at once: failures and
    attempts still being checked together hold the places, and the rest are refused here without a
    check. A lock whose time has passed is lifted.
    """
    now = ctx.clock.now()
    refusal: LoginFailed | None = None
    number = 0
    with writing(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.id == account_id).with_for_update()).first()
        if account is None or not account.active:
            refusal = LoginFailed("This account is not active.")
        else:
            _judge_abandoned(account, now)
            if account.locked_at is not None and account.locked_until is not None and now >= as_utc(account.locked_until):
                account.locked_at = None
                account.locked_until = None
                account.failed_logins = 0
                record(session, "account unlocked automatically", now, account_id=account_id, packet_id=packet_id)
            if account.locked_at is not None:
                refusal = LoginFailed(lock_message(account, service_phone), locked=True)
            elif account.failed_logins + account.logins_in_flight >= policy.max_failures:
                # The last allowed attempts are still being checked; the one that fails locks the account.
                refusal = LoginFailed(lock_message(account, service_phone), locked=True)
            else:
                if not account.logins_in_flight:
                    account.in_flight_since = now
                account.logins_in_flight += 1
                number = account.failed_logins + account.logins_in_flight
    if refusal is not None:
        raise refusal
    return number


def _judge_abandoned(account: Account, now: datetime) -> None:
    """Attempts still unjudged long after the last one began died with their process (kill -9, a dropped
    SSH session): they count as failures, so breaking a connection mid-check buys no extra guesses."""
    since = account.in_flight_since
    if account.logins_in_flight and since is not None and now - as_utc(since) > ABANDONED_AFTER:
        account.failed_logins += account.logins_in_flight
        account.logins_in_flight = 0
        account.in_flight_since = None


def _judged(account: Account) -> None:
    account.logins_in_flight = max(0, account.logins_in_flight - 1)
    if not account.logins_in_flight:
        account.in_flight_since = None


def release_attempt(ctx: AppContext, account_id: int) -> None:
    """An attempt that was not a guess after all (a right but expired temporary password)."""
    with writing(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.id == account_id).with_for_update()).one()
        _judged(account)


def note_success(session: Session, account_id: int) -> Account:
    """A right password: its own attempt is judged and earlier failures are forgiven. Guesses still being
    checked keep their places and count when they fail (a reset to zero used to forget them)."""
    account = session.exec(select(Account).where(Account.id == account_id).with_for_update()).one()
    _judged(account)
    account.failed_logins = 0
    return account


def note_failure(ctx: AppContext, account_id: int, policy: LoginPolicy, service_phone: str, packet_id: int | None) -> LoginFailed:
    """Record a wrong password (reserved by reserve_attempt); the failure that reaches the limit locks the account."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.id == account_id).with_for_update()).one()
        _judged(account)
        account.failed_logins += 1
        count = account.failed_logins
        record(session, "login failed", now, account_id=account_id, packet_id=packet_id,
               detail=f"attempt {count} of {policy.max_failures}")
        if count >= policy.max_failures and account.locked_at is None:
            account.locked_at = now
            account.locked_until = (
                now + timedelta(minutes=policy.auto_unlock_minutes) if policy.auto_unlock_minutes else None
            )
            record(session, "account locked", now, account_id=account_id, packet_id=packet_id,
                   detail=f"after {count} failed attempts")
        if account.locked_at is not None:
            return LoginFailed(lock_message(account, service_phone), locked=True)
        left = policy.max_failures - count
    return LoginFailed(
        f"That password is not correct. {left} attempt{'s' if left != 1 else ''} left before the account locks."
    )


def password_method(ctx: AppContext, account: Account | None, password: str) -> str | None:
    """Which of the account's secrets the password is, if any.

    Always two argon2 checks (a dummy stands in for a missing hash or account), so the time taken
    says nothing about whether the account exists or has a temporary password.
    """
    temporary = ctx.hasher.verify(account.temp_password_hash if account else None, password)
    permanent = ctx.hasher.verify(account.password_hash if account else None, password)
    if temporary:
        return "temporary password"
    return "password" if permanent else None


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
    reserve_attempt(ctx, account_id, policy, service_phone, packet_id)
    account = get(ctx, account_id)
    method = password_method(ctx, account, password)
    if method is None:
        raise note_failure(ctx, account_id, policy, service_phone, packet_id)
    return _accepted(ctx, account_id, method, policy, packet_id)


def _accepted(ctx: AppContext, account_id: int, method: str, policy: LoginPolicy, packet_id: int | None) -> LoginOutcome:
    now = ctx.clock.now()
    account = get(ctx, account_id)
    if method == "temporary password":
        expires = account.temp_password_expires_at
        if expires is None or now >= as_utc(expires):
            release_attempt(ctx, account_id)
            with writing(ctx.engine) as session:
                record(session, "expired temporary password refused", now, account_id=account_id, packet_id=packet_id)
            raise LoginFailed(
                f"That temporary password has expired (it was valid {policy.temp_password_minutes} minutes). "
                "Choose Get My Password to have a new one sent."
            )
    with writing(ctx.engine) as session:
        row = note_success(session, account_id)
        if method == "temporary password":
            row.must_change_password = True
        account = row
    actor = sessions.start(ctx, account, method, packet_id)
    return LoginOutcome(actor, account, account.must_change_password)


def staff_login(ctx: AppContext, username: str, password: str, *, source: str | None = None) -> LoginOutcome:
    """Sign a rep, reviewer or admin in; repeated failures delay their source, they never lock the account.

    Args:
        source: where the attempt comes from (the SSH client's address when served); the host by default.
    """
    policy = staff_throttle()
    where = (source or ctx.host)[:200]
    key = name_key(ctx, username)
    throttle.reserve(ctx, key, where, policy)
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.username == username.strip())).first()
    if account is None or account.role not in STAFF_ROLES or not account.active:
        password_method(ctx, None, password)  # the same work and the same answer: usernames stay unknown
        raise throttle.failed(ctx, key, where)
    assert account.id is not None
    method = password_method(ctx, account, password)
    if method is None:
        with writing(ctx.engine) as session:
            record(session, "login failed", ctx.clock.now(), account_id=account.id, detail=f"staff, from {where}")
        raise throttle.failed(ctx, key, where)
    throttle.succeeded(ctx, key, where)
    return _accepted(ctx, account.id, method, LoginPolicy(), None)


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
