"""Portal login: password with a 5-failure, 30-minute lockout, then a code or the typing pattern.

A remembered device skips the second step until its token expires or is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from core.identity import sessions
from core.identity.accounts import note_failure, note_success, reserve_attempt
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import LoginFailed, NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.portal import devices as portal_devices
from core.portal import typing_pattern
from core.portal.codes import (
    SentCode,
    Ticket,
    check_code,
    check_ticket,
    complete_ticket,
    destinations,
    issue_code,
    new_ticket,
)
from core.portal.models import DelegateLink, PortalAccount
from core.portal.policy import policy
from core.portal.typing_pattern import Sample, Verdict

MISMATCH = "That username and password do not match."


@dataclass(frozen=True)
class PortalUser:
    """Who is signing in, as the screens may show it."""

    account_id: int
    username: str
    role: str
    display_name: str


@dataclass(frozen=True)
class PendingLogin:
    """The password passed; the account still has to be verified."""

    ticket: Ticket
    user: PortalUser
    destinations: dict[str, str]
    """channel -> masked address (email always; sms when there is a mobile number)."""
    typing_enrolled: bool

NOTHING_TYPED = "Enter your username and password."


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    user: PortalUser
    device_token: str | None = None
    """A new remembered-device token for the screen to keep on this machine."""
    needs_typing_enrollment: bool = False


def portal_account(session: Session, username: str) -> Account | None:
    """The portal account with this username (case does not matter)."""
    return session.exec(
        select(Account)
        .join(PortalAccount, PortalAccount.account_id == Account.id)  # type: ignore[arg-type]
        .where(func.lower(Account.username) == username.strip().lower())
    ).first()


def has_active_link(session: Session, delegate_account_id: int) -> bool:
    return session.exec(
        select(DelegateLink.id).where(
            DelegateLink.delegate_account_id == delegate_account_id, DelegateLink.active == True  # noqa: E712
        )
    ).first() is not None


def _user(account: Account) -> PortalUser:
    assert account.id is not None
    return PortalUser(account.id, account.username, account.role, account.display_name)


def log_in(ctx: AppContext, username: str, password: str, device_token: str | None = None) -> PendingLogin | SignedIn:
    """Check the password; a remembered device signs in at once, otherwise verification follows."""
    if not username.strip() or not password:
        raise ValidationFailed({"username" if not username.strip() else "password": NOTHING_TYPED})
    pol = policy()
    with reading(ctx.engine) as session:
        account = portal_account(session, username)
        deactivated = account is not None and account.role == "delegate" and not has_active_link(session, account.id)  # type: ignore[arg-type]
    if account is None or account.id is None:
        ctx.hasher.verify(None, password)  # same time as a real check: do not reveal which usernames exist
        raise LoginFailed(MISMATCH)
    reserve_attempt(ctx, account.id, pol.login, pol.help_desk["phone"])  # counted before it is checked
    if not ctx.hasher.verify(account.password_hash, password):
        raise note_failure(ctx, account.id, pol.login, pol.help_desk["phone"], None)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        note_success(session, account.id)
        if not deactivated:
            record(session, "password accepted", now, account_id=account.id, detail="portal")
    if deactivated:
        raise LoginFailed("This delegate account is not active. Ask the producer you work for to reactivate it.")
    if portal_devices.is_remembered(ctx, account.id, device_token):
        actor = sessions.start(ctx, account, "password + remembered device", None)
        return SignedIn(actor, _user(account))
    return PendingLogin(
        ticket=new_ticket(ctx, account.id, "login"),
        user=_user(account),
        destinations=destinations(account),
        typing_enrolled=typing_pattern.is_enrolled(ctx, account.id),
    )


def send_code(ctx: AppContext, pending: PendingLogin, channel: str) -> SentCode:
    """Send (or resend) a login code by email or text."""
    check_ticket(ctx, pending.ticket, "login")
    return issue_code(ctx, pending.ticket.account_id, "login", channel)


def _finish(ctx: AppContext, pending: PendingLogin, method: str, remember: bool) -> SignedIn:
    with writing(ctx.engine) as session:
        complete_ticket(session, pending.ticket, ctx)
    account_id = pending.ticket.account_id
    with reading(ctx.engine) as session:
        account = session.get(Account, account_id)
    assert account is not None
    actor = sessions.start(ctx, account, f"password + {method}", None)
    token = portal_devices.remember(ctx, account_id) if remember else None
    return SignedIn(actor, _user(account), token, not typing_pattern.is_enrolled(ctx, account_id))


def verify_code(ctx: AppContext, pending: PendingLogin, code: str, *, remember: bool = False) -> SignedIn:
    """Accept the login code once and open the session."""
    check_ticket(ctx, pending.ticket, "login")
    channel = check_code(ctx, pending.ticket.account_id, "login", code)
    return _finish(ctx, pending, f"{'email' if channel == 'email' else 'text message'} code", remember)


def verify_typing(ctx: AppContext, pending: PendingLogin, sample: Sample, *, remember: bool = False) -> SignedIn:
    """Compare one typing of the sentence with the enrolled pattern; each try is counted before it is judged."""
    challenge = check_ticket(ctx, pending.ticket, "login")
    typing = policy().typing
    profile = typing_pattern.load_profile(ctx, pending.ticket.account_id)
    if profile is None:
        raise NotAllowed("No typing pattern is enrolled for this account. Verify with a code instead.")
    with writing(ctx.engine) as session:
        row = session.exec(select(type(challenge)).where(type(challenge).id == challenge.id).with_for_update()).one()
        allowed = row.typing_attempts < typing.max_attempts
        if allowed:
            row.typing_attempts += 1  # parallel tries get no more judgements than sequential ones
    if not allowed:
        raise LoginFailed("Too many tries with the typing pattern for this login. Verify with a code instead.")
    verdict: Verdict = typing_pattern.judge(profile, sample, typing)
    now = ctx.clock.now()
    if verdict.accepted:
        with writing(ctx.engine) as session:
            record(session, "typing pattern accepted", now, account_id=pending.ticket.account_id,
                   detail=f"distance {verdict.distance:.2f}, threshold {verdict.threshold:.2f}")
        return _finish(ctx, pending, "typing pattern", remember)
    with writing(ctx.engine) as session:
        score = "unmeasurable" if verdict.distance == float("inf") else f"{verdict.distance:.2f}"
        record(session, "typing pattern refused", now, account_id=pending.ticket.account_id,
               detail=f"distance {score}, threshold {verdict.threshold:.2f}")
    raise LoginFailed(verdict.reason)


def log_out(ctx: AppContext, actor: Actor) -> None:
    sessions.end(ctx, actor, "logout")
