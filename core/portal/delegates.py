"""Producers add, list, deactivate and reactivate delegates; the delegate's email link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.forms.states import STATES
from core.identity.models import Account, Login
from core.kernel.context import AppContext
from core.kernel.db import reading, writing
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor, record
from core.notify import outbox
from core.packets.models import Producer
from core.portal import forms as portal_forms
from core.portal.access import producer_of
from core.portal.models import DelegateLink, EmailLink, PortalAccount
from core.portal.policy import policy
from core.portal.rules import username_problems

SELECTOR_LENGTH = 6
VERIFIER_LENGTH = 10
TAKEN = "That username is already registered on the portal (a producer or delegate uses it). Enter a different username."



@dataclass(frozen=True)
class DelegateRow:
    account_id: int
    username: str
    name: str
    email: str
    states: tuple[str, ...]
    active: bool
    status: str
    """Active, Inactive, or Email not confirmed."""


@dataclass(frozen=True)
class AddedDelegate:
    account_id: int
    username: str
    name: str


def _require_producer(session: Session, actor: Actor) -> Producer:
    if actor.role != "producer":
        raise NotAllowed("Only a producer can manage delegates.")
    return producer_of(session, actor.account_id)


def link_code(ctx: AppContext, code: str | None = None) -> tuple[str, str]:
    """A new Confirm Your Email Address code and its verifier's keyed hash."""
    code = (code or f"{ctx.ids.token(SELECTOR_LENGTH)}-{ctx.ids.token(VERIFIER_LENGTH)}").upper()
    return code, ctx.tokens.digest(code.partition("-")[2])


def store_link(ctx: AppContext, session: Session, account_id: int, code: str, hashed: str) -> None:
    """Keep the link's selector and hash; older unused links of the account stop working."""
    now = ctx.clock.now()
    for older in session.exec(
        select(EmailLink).where(EmailLink.account_id == account_id, EmailLink.used_at == None)  # noqa: E711
    ).all():
        older.voided_at = older.voided_at or now
    session.add(EmailLink(account_id=account_id, selector=code.partition("-")[0], verifier_hash=hashed,
                          created_at=now, expires_at=now + timedelta(days=policy().link_days)))


def _send_welcome(ctx: AppContext, session: Session, account: Account, producer_name: str, code: str) -> None:
    pol = policy()
    email = pol.emails["delegate_welcome"]
    outbox.queue(
        ctx, session, kind="delegate welcome", to=account.email, template=email,
        values={"name": account.display_name, "producer": producer_name, "username": account.username,
                "days": pol.link_days, "help_name": pol.help_desk["name"], "help_phone": pol.help_desk["phone"]},
        secrets={"code": code},
        account_id=account.id,
    )


def add_problems(ctx: AppContext, values: dict[str, Any], states: list[str], allowed: list[str]) -> dict[str, str]:
    """Every problem with an Add Delegate form at once, keyed by field."""
    pol = policy()
    problems = portal_forms.problems("add_delegate", values)  # data/portal_forms/add_delegate.toml
    username = str(values.get("username") or "").strip()
    if username and "username" not in problems:
        found = username_problems(username, pol.username_min, pol.username_max)
        if found:
            problems["username"] = " ".join(found)
        else:
            with reading(ctx.engine) as session:
                if session.exec(select(Account.id).where(func.lower(Account.username) == username.lower())).first():
                    problems["username"] = TAKEN
    if not states:
        problems["states"] = "Choose at least one state the delegate is assigned to."
    elif any(s not in allowed for s in states):
        problems["states"] = f"Choose from your own states: {', '.join(allowed)}."
    return problems


def producer_states(ctx: AppContext, actor: Actor) -> list[str]:
    with reading(ctx.engine) as session:
        producer = _require_producer(session, actor)
    return [s for s in producer.states.split(",") if s]


def add_delegate(
    ctx: AppContext, actor: Actor, values: dict[str, Any], states: list[str], *, code: str | None = None
) -> AddedDelegate:
    """Create Delegate: a delegate account, its link to this producer, and the welcome email."""
    allowed = producer_states(ctx, actor)
    chosen = [s.upper() for s in states]
    problems = add_problems(ctx, values, chosen, allowed)
    if problems:
        raise ValidationFailed(problems)
    now = ctx.clock.now()
    link, hashed = link_code(ctx, code)
    name = f"{str(values['first_name']).strip()} {str(values['last_name']).strip()}"
    try:
        with writing(ctx.engine) as session:
            producer = _require_producer(session, actor)
            account = Account(
                username=str(values["username"]).strip(), role="delegate", display_name=name,
                email=str(values["email"]).strip(), mobile=str(values["mobile"]).strip(), created_at=now,
            )
            session.add(account)
            session.flush()
            assert account.id is not None and producer.id is not None
            session.add(PortalAccount(account_id=account.id, kind="delegate", created_by=actor.account_id, created_at=now))
            session.add(DelegateLink(delegate_account_id=account.id, producer_account_id=actor.account_id,
                                     producer_id=producer.id, states=",".join(s for s in allowed if s in chosen),
                                     created_at=now, changed_at=now))
            store_link(ctx, session, account.id, link, hashed)
            _send_welcome(ctx, session, account, f"{producer.first_name} {producer.last_name}", link)
            record(session, "delegate added", now, actor=actor,
                   detail=f"delegate account #{account.id} in {', '.join(chosen)}")
            added = AddedDelegate(account.id, account.username, name)
    except IntegrityError as exc:  # someone took the username between the check and the insert
        raise ValidationFailed({"username": TAKEN}) from exc
    outbox.deliver_pending(ctx)
    return added


def list_delegates(ctx: AppContext, actor: Actor) -> list[DelegateRow]:
    """My Delegates: this producer's delegates, oldest first."""
    with reading(ctx.engine) as session:
        _require_producer(session, actor)
        rows = session.exec(
            select(DelegateLink, Account, PortalAccount)
            .join(Account, col(Account.id) == col(DelegateLink.delegate_account_id))
            .join(PortalAccount, col(PortalAccount.account_id) == col(Account.id))
            .where(DelegateLink.producer_account_id == actor.account_id)
            .order_by(col(DelegateLink.id))
        ).all()
    result = []
    for link, account, member in rows:
        status = "Inactive" if not link.active else (
            "Email not confirmed" if member.email_verified_at is None else "Active")
        result.append(DelegateRow(account.id, account.username, account.display_name, account.email,  # type: ignore[arg-type]
                                  tuple(s for s in link.states.split(",") if s), link.active, status))
    return result


def _own_link(session: Session, actor: Actor, delegate_account_id: int) -> DelegateLink:
    _require_producer(session, actor)
    link = session.exec(select(DelegateLink).where(
        DelegateLink.producer_account_id == actor.account_id,
        DelegateLink.delegate_account_id == delegate_account_id,
    )).first()
    if link is None:
        raise NotAllowed("That delegate does not work for you.")
    return link


def set_active(ctx: AppContext, actor: Actor, delegate_account_id: int, active: bool) -> None:
    """Deactivate (ending the delegate's open sessions when no producer is left) or reactivate."""
    now = ctx.clock.now()
    with writing(ctx.engine) as session:
        link = _own_link(session, actor, delegate_account_id)
        if link.active == active:
            return
        link.active = active
        link.changed_at = now
        record(session, "delegate reactivated" if active else "delegate deactivated", now, actor=actor,
               detail=f"delegate account #{delegate_account_id}")
        session.flush()
        still_linked = session.exec(select(DelegateLink.id).where(
            DelegateLink.delegate_account_id == delegate_account_id, DelegateLink.active == True)).first()  # noqa: E712
        if not active and still_linked is None:
            for login in session.exec(select(Login).where(
                    Login.account_id == delegate_account_id, Login.ended_at == None)).all():  # noqa: E711
                login.ended_at = now
                login.end_reason = "delegate deactivated"


def resend_link(ctx: AppContext, actor: Actor, delegate_account_id: int) -> None:
    """A new Confirm Your Email Address email; the older link stops working."""
    code, hashed = link_code(ctx)
    with writing(ctx.engine) as session:
        link = _own_link(session, actor, delegate_account_id)
        producer = session.get(Producer, link.producer_id)
        account = session.get(Account, delegate_account_id)
        assert producer is not None and account is not None
        store_link(ctx, session, delegate_account_id, code, hashed)
        _send_welcome(ctx, session, account, f"{producer.first_name} {producer.last_name}", code)
        record(session, "delegate email resent", ctx.clock.now(), actor=actor,
               detail=f"delegate account #{delegate_account_id}")
    outbox.deliver_pending(ctx)


def state_names(states: tuple[str, ...] | list[str]) -> str:
    return ", ".join(STATES.name(s) for s in states)
