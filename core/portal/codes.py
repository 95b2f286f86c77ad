"""One-time passcodes (argon2: short and typed) and the open steps between portal screens (keyed hashes).

A code is found by account and purpose (the newest one), never by comparing hashes. A step
("ticket") is a challenge row plus a random secret the screen keeps, so a later step cannot be
reached without passing the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from core.identity.models import Account
from core.kernel.clock import as_utc
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, PacketdeskError, ValidationFailed
from core.kernel.events import record
from core.notify import outbox
from core.portal.models import AuthChallenge, OneTimeCode
from core.portal.policy import policy
from core.portal.rules import mask_email, mask_mobile

CHANNELS = ("email", "sms")
TICKET_LENGTH = 24


class CodeRefused(PacketdeskError):
    """A one-time code that is wrong, expired, used or voided; the message says which and what next."""


@dataclass(frozen=True)
class Ticket:
    """Proof that an earlier step passed, held by the screen for the next call."""

    challenge_id: int
    secret: str
    account_id: int
    purpose: str


@dataclass(frozen=True)
class SentCode:
    """Where a code went (masked) and how long it is valid."""

    channel: str
    destination: str
    minutes: int


def new_ticket(ctx: AppContext, account_id: int, purpose: str) -> Ticket:
    """Open a step for an account (login after the password, or a password reset)."""
    secret = ctx.ids.token(TICKET_LENGTH)
    hashed = ctx.tokens.digest(secret)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        row = AuthChallenge(
            account_id=account_id, purpose=purpose, ticket_hash=hashed, created_at=now,
            expires_at=now + timedelta(minutes=policy().codes.challenge_minutes),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return Ticket(row.id, secret, account_id, purpose)


def check_ticket(ctx: AppContext, ticket: Ticket, purpose: str, *, code_passed: bool = False) -> AuthChallenge:
    """The open step behind a ticket; refused when forged, finished or expired."""
    expired = NotAllowed("This step has expired or was already completed. Please start again.")
    with reading(ctx.engine) as session:
        row = session.get(AuthChallenge, ticket.challenge_id)
    if row is None or row.purpose != purpose or row.account_id != ticket.account_id:
        raise expired
    if not ctx.tokens.verify(row.ticket_hash, ticket.secret):
        raise expired
    if row.completed_at is not None or ctx.clock.now() >= as_utc(row.expires_at):
        raise expired
    if code_passed and row.verified_at is None:
        raise NotAllowed("Enter the verification code first.")
    return row


def complete_ticket(session: Session, ticket: Ticket, ctx: AppContext) -> None:
    """Close a step inside the caller's transaction, so it cannot be used twice."""
    row = session.exec(
        select(AuthChallenge).where(AuthChallenge.id == ticket.challenge_id).with_for_update()
    ).one()
    if row.completed_at is not None:
        raise NotAllowed("This step was already completed. Please start again.")
    row.completed_at = ctx.clock.now()


def destinations(account: Account) -> dict[str, str]:
    """Where codes can go, masked as the seed shows them."""
    found = {"email": mask_email(account.email)}
    if account.mobile:
        found["sms"] = mask_mobile(account.mobile)
    return found


def issue_code(ctx: AppContext, account_id: int, purpose: str, channel: str) -> SentCode:
    """Send a new code by email or text; it voids the codes sent before it for the same purpose."""
    codes = policy().codes
    code = ctx.ids.token(codes.length, codes.alphabet)
    hashed = ctx.hasher.hash(code)
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        account = session.get(Account, account_id)
        assert account is not None
        where = destinations(account)
        if channel not in where:
            raise NotAllowed("There is no mobile number on this account; choose email.")
        for older in session.exec(
            select(OneTimeCode).where(
                OneTimeCode.account_id == account_id, OneTimeCode.purpose == purpose,
                OneTimeCode.used_at == None, OneTimeCode.voided_at == None,  # noqa: E711
            )
        ).all():
            older.voided_at = now
        session.add(OneTimeCode(
            account_id=account_id, purpose=purpose, channel=channel, code_hash=hashed,
            created_at=now, expires_at=now + timedelta(minutes=codes.minutes),
        ))
        _queue_code(ctx, session, account, channel, code)
        record(session, "verification code sent", now, account_id=account_id, detail=f"{purpose} code by {channel}")
    outbox.deliver_pending(ctx)
    return SentCode(channel, where[channel], codes.minutes)


def _queue_code(ctx: AppContext, session: Session, account: Account, channel: str, code: str) -> None:
    pol = policy()
    template = pol.emails["code"] if channel == "email" else pol.texts["code"]
    outbox.queue(
        ctx, session, kind="verification code", to=account.email if channel == "email" else account.mobile,
        template=template, values={"minutes": pol.codes.minutes, "help_name": pol.help_desk["name"],
                                   "help_phone": pol.help_desk["phone"]},
        secrets={"code": code}, account_id=account.id, channel=channel,
    )


def check_code(ctx: AppContext, account_id: int, purpose: str, code: str) -> str:
    """Accept the newest code once; returns the channel it was sent by, or raises CodeRefused.

    Each try is counted before the code is compared, under a row lock, so parallel tries get no
    more comparisons than the policy's attempts.
    """
    if not code.strip():  # not a try: nothing is counted
        raise ValidationFailed({"code": "Type the code you received."})
    codes = policy().codes
    now = ctx.clock.now()
    no_longer = CodeRefused("That code is no longer valid (codes work once). Choose Resend to get a new one.")
    refusal: CodeRefused | None = None
    with writing(ctx.engine) as session:
        latest = session.exec(
            select(OneTimeCode)
            .where(OneTimeCode.account_id == account_id, OneTimeCode.purpose == purpose)
            .order_by(col(OneTimeCode.id).desc())
            .limit(1)
            .with_for_update()
        ).first()
        if latest is None or latest.used_at is not None or latest.voided_at is not None:
            refusal = no_longer
        elif now >= as_utc(latest.expires_at):
            refusal = CodeRefused(f"That code has expired (codes are valid {codes.minutes} minutes). "
                                  "Choose Resend to get a new one.")
        elif latest.attempts >= codes.max_attempts:
            refusal = CodeRefused("Too many wrong codes: this code no longer works. Choose Resend to get a new one.")
        else:
            latest.attempts += 1
            code_id, code_hash, attempt = latest.id, latest.code_hash, latest.attempts
    if refusal is not None:
        raise refusal
    cleaned = code.strip().upper().replace(" ", "").replace("-", "")
    matches = ctx.hasher.verify(code_hash, cleaned)
    with writing(ctx.engine) as session:
        row = session.exec(select(OneTimeCode).where(OneTimeCode.id == code_id).with_for_update()).one()
        if row.used_at is not None or row.voided_at is not None:  # used by a parallel try, or replaced
            raise no_longer
        if matches:
            row.used_at = now
            record(session, "verification code accepted", now, account_id=account_id, detail=f"{purpose} code by {row.channel}")
            return row.channel
        left = codes.max_attempts - attempt
        if left <= 0:
            row.voided_at = now
        record(session, "verification code refused", now, account_id=account_id,
               detail=f"{purpose} code, attempt {attempt} of {codes.max_attempts}")
    if left <= 0:
        raise CodeRefused("Too many wrong codes: this code no longer works. Choose Resend to get a new one.")
    raise CodeRefused(f"That code is not correct. Check it and try again ({left} tries left), or choose Resend.")
