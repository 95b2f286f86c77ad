"""Create or reset a portal password with a one-time code; forgot username; confirm an email address."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from core.identity import accounts
from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.portal import devices as portal_devices
from core.portal import forms as portal_forms
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
from core.portal.login import has_active_link, portal_account
from core.portal.models import AuthChallenge, EmailLink, PortalAccount
from core.portal.policy import policy
from core.portal.rules import split_link_code


@dataclass(frozen=True)
class FoundAccount:
    """Find Account passed: where a code can be sent (masked)."""

    ticket: Ticket
    username: str
    destinations: dict[str, str]


@dataclass(frozen=True)
class VerifiedEmail:
    """Email Verification Complete!"""

    username: str
    display_name: str


def find_account(ctx: AppContext, username: str) -> FoundAccount:
    """Step 1 of 4: an active portal account with this username."""
    portal_forms.require("find_account", {"username": username})
    with reading(ctx.engine) as session:
        account = portal_account(session, username)
        usable = account is not None and account.active and (
            account.role != "delegate" or has_active_link(session, account.id)  # type: ignore[arg-type]
        )
    if account is None or account.id is None or not usable:
        raise NotAllowed("No active account was found with that username. Check the username in your email, "
                         "or ask the producer who added you.")
    ticket = new_ticket(ctx, account.id, "password")
    return FoundAccount(ticket, account.username, destinations(account))


def send_code(ctx: AppContext, found: FoundAccount, channel: str) -> SentCode:
    """Step 2 of 4: send (or resend) the code by email or text."""
    check_ticket(ctx, found.ticket, "password")
    return issue_code(ctx, found.ticket.account_id, "password", channel)


def verify_code(ctx: AppContext, found: FoundAccount, code: str) -> None:
    """Step 3 of 4: the code is right, so the new password may be set."""
    check_ticket(ctx, found.ticket, "password")
    check_code(ctx, found.ticket.account_id, "password", code)
    with writing(ctx.engine) as session:
        row = session.get(AuthChallenge, found.ticket.challenge_id)
        assert row is not None
        row.verified_at = ctx.clock.now()


def set_password(ctx: AppContext, found: FoundAccount, new: str, confirm: str) -> None:
    """Step 4 of 4: the policy's rules, not one of the last 10; unlocks the account and confirms by email."""
    check_ticket(ctx, found.ticket, "password", code_passed=True)
    pol = policy()
    account_id = found.ticket.account_id
    account = accounts.get(ctx, account_id)
    problems = portal_forms.new_password_problems(new, confirm, account.username)
    if problems:
        raise ValidationFailed(problems)
    actor = Actor(account_id, account.role, auth_method="one-time code")
    try:
        accounts.change_password(ctx, actor, new, confirm, pol.password)
    except ValidationFailed as exc:  # one of the last passwords: said at the field it is about
        raise ValidationFailed({"new_password": " ".join(exc.problems.values())}) from exc
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        complete_ticket(session, found.ticket, ctx)
        row = session.get(Account, account_id)
        assert row is not None
        if row.locked_at is not None:
            record(session, "account unlocked by password reset", now, account_id=account_id)
        row.locked_at = None
        row.locked_until = None
        row.failed_logins = 0
        email = pol.emails["password_updated"]
        outbox.queue(
            ctx, session, kind="password updated", to=row.email, template=email,
            values={"name": row.display_name, "username": row.username, "when": f"{now:%m/%d/%Y %H:%M} UTC",
                    "help_name": pol.help_desk["name"], "help_phone": pol.help_desk["phone"]},
            account_id=account_id,
        )
    portal_devices.revoke_all(ctx, account_id, "password reset")
    outbox.deliver_pending(ctx)


def forgot_username(ctx: AppContext, email: str) -> None:
    """Email the usernames of active portal accounts with this address; silent when there are none."""
    portal_forms.require("forgot_username", {"email": email})
    pol = policy()
    now = ctx.clock.now()
    address = email.strip().lower()
    with writing(ctx.engine) as session:
        found = session.exec(
            select(Account)
            .join(PortalAccount, PortalAccount.account_id == Account.id)  # type: ignore[arg-type]
            .where(func.lower(Account.email) == address, Account.active == True)  # noqa: E712
            .order_by(Account.id)  # type: ignore[arg-type]
        ).all()
        for account in found:
            template = pol.emails["forgot_username"]
            outbox.queue(
                ctx, session, kind="forgot username", to=account.email, template=template,
                values={"username": account.username, "help_name": pol.help_desk["name"],
                        "help_phone": pol.help_desk["phone"]},
                account_id=account.id,
            )
            record(session, "username reminder sent", now, account_id=account.id)
    outbox.deliver_pending(ctx)


def verify_email(ctx: AppContext, code: str) -> VerifiedEmail:
    """Confirm Your Email Address: a link works once, for the policy's days."""
    if not code.strip():
        raise ValidationFailed({"code": "Type the code from your welcome email."})
    refusal = NotAllowed("That verification code is not valid. Check the email, or ask your producer to send a new one.")
    selector, verifier = split_link_code(code)
    if not selector or not verifier:
        raise refusal
    with reading(ctx.engine) as session:
        link = session.exec(select(EmailLink).where(EmailLink.selector == selector)).first()
    if link is None:
        ctx.tokens.verify(None, verifier)
        raise refusal
    if not ctx.tokens.verify(link.verifier_hash, verifier):
        raise refusal
    now = ctx.clock.now()
    if link.used_at is not None:
        raise NotAllowed("This email address was already confirmed with that code (it works once). "
                         "Log in, or use Create Password.")
    if link.voided_at is not None:
        raise NotAllowed("A newer verification email replaced this one. Use the code in the newest email.")
    if now >= as_utc(link.expires_at):
        raise NotAllowed(f"That verification code has expired (codes are valid {policy().link_days} days). "
                         "Ask the producer who added you to send a new one.")
    with writing(ctx.engine) as session:
        row = session.exec(select(EmailLink).where(EmailLink.id == link.id).with_for_update()).one()
        if row.used_at is not None:
            raise NotAllowed("This email address was already confirmed with that code (it works once).")
        row.used_at = now
        member = session.get(PortalAccount, row.account_id)
        if member is not None and member.email_verified_at is None:
            member.email_verified_at = now
        account = session.get(Account, row.account_id)
        assert account is not None
        record(session, "email verified", now, account_id=row.account_id)
        return VerifiedEmail(account.username, account.display_name)
